// Entry of the browser app. The conversion UI lands with issue #3; the engine it drives is in
// src/engine and src/workers and already runs under Node (src/cli).
const status = document.getElementById('status');
if (status && !('showDirectoryPicker' in window)) {
  status.textContent += ' (This browser has no File System Access API; the app will offer a ZIP download instead.)';
}
