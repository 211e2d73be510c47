// Enter sends (the server handles the key), so the browser must not add a newline; Shift+Enter keeps its newline.
// While template (or, in a note, colleague) suggestions are open, the keys that move through or close them must not move the caret or focus either.
export function sendOnEnter(id) {
    const input = document.getElementById(id);
    if (!input) return;
    const composer = input.closest('.composer');
    input.addEventListener('keydown', e => {
        if (e.isComposing) return;
        const suggesting = composer?.querySelector('[data-testid=template-suggestions], [data-testid=mention-suggestions]');
        if (e.key === 'Enter' && !e.shiftKey) e.preventDefault();
        else if (suggesting && ['ArrowUp', 'ArrowDown', 'Tab', 'Escape'].includes(e.key)) e.preventDefault();
    });
    // Says from when Enter sends (end-to-end tests wait for it): before, the browser would add a newline first.
    input.setAttribute('data-sends-on-enter', '');
}

// Files dropped anywhere on the conversation go through the composer's file input, the same path as "Add file".
export function acceptDroppedFiles(id) {
    const input = document.getElementById(id);
    const zone = input?.closest('[data-file-drop-zone]');
    const fileInput = input?.closest('.composer')?.querySelector('input[type=file]');
    if (!zone || !fileInput) return { dispose() { } };
    const carriesFiles = e => e.dataTransfer && Array.from(e.dataTransfer.types).includes('Files');
    const over = e => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        zone.classList.add('file-drop-target');
    };
    const leave = e => {
        if (!zone.contains(e.relatedTarget)) zone.classList.remove('file-drop-target');
    };
    const drop = e => {
        zone.classList.remove('file-drop-target');
        if (!carriesFiles(e) || e.dataTransfer.files.length === 0) return;
        e.preventDefault();
        fileInput.files = e.dataTransfer.files;
        fileInput.dispatchEvent(new Event('change', { bubbles: true }));
    };
    zone.addEventListener('dragover', over);
    zone.addEventListener('dragleave', leave);
    zone.addEventListener('drop', drop);
    // Says from when a drop is taken (end-to-end tests wait for it); a drop before that is the browser's own.
    zone.setAttribute('data-accepts-files', '');
    // The conversation view outlives a composer (it goes when the chat is taken away), so each one removes its own listeners.
    return {
        dispose() {
            zone.removeEventListener('dragover', over);
            zone.removeEventListener('dragleave', leave);
            zone.removeEventListener('drop', drop);
            zone.removeAttribute('data-accepts-files');
        },
    };
}
