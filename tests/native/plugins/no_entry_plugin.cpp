// Test plugin: a shared library that exports a function, but not wavegraph_processor_entry.
extern "C" __attribute__((visibility("default"))) int not_a_wavegraph_processor(void) { return 42; }
