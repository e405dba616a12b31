// A news site's single-key shortcuts (j/k for the next and previous story, space to scroll):
// typing in the widget's panel must not reach them.
window.shortcuts = [];
document.addEventListener('keydown', (e) => {
  if (['j', 'k', ' ', 'n'].includes(e.key)) window.shortcuts.push(e.key);
});
