// Entry of the browser app. The conversion UI lands with issue #3; the engine it drives is in
// src/engine and src/workers and already runs under Node (src/cli).
const statusRegion = document.getElementById('status');
if (statusRegion && !('showDirectoryPicker' in window)) {
  statusRegion.textContent += ' (This browser has no File System Access API; the app will offer a ZIP download instead.)';
}
export {};
