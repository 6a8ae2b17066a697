//! Integration tests: the real binary and the library on real fixture projects.

mod support;

mod architecture;
mod cli;
mod dockerignore;
mod docs;
mod errors;
mod examples;
mod go;
mod hostile;
mod hostile_repo;
mod interview;
mod kill;
mod linters;
mod mixed;
mod node_runtime;
mod node_start;
mod presets;
mod python_entry;
mod python_port;
mod regenerate;
mod secrets;
mod untrusted_reads;
mod verify;
mod versions;
