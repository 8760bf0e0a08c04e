package dev.nixinfra.core.state;

/** A held state lock. Closing releases it; closing twice is harmless. */
public interface StateLock extends AutoCloseable {
  LockInfo info();

  @Override
  void close() throws StateException;
}
