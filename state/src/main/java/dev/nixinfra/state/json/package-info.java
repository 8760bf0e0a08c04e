/** The JSON file formats: state snapshots, saved plans and lock details, read strictly with located errors. */
package dev.nixinfra.state.json;
