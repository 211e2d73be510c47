// Enter sends (the server handles the key), so the browser must not add a newline; Shift+Enter keeps its newline.
export function sendOnEnter(id) {
    const input = document.getElementById(id);
    if (!input) return;
    input.addEventListener('keydown', e => {
        if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) e.preventDefault();
    });
}
