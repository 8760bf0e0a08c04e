/** One picocli command per class: validate, plan, apply, destroy, show, state, graph, force-unlock, version. */
package dev.nixinfra.cli.command;
