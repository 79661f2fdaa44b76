// Plays an old browser: one without WebAssembly.
delete window.WebAssembly;
