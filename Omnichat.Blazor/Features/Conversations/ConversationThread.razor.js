// Brings the message a search found into the middle of the thread; false while it is not rendered yet.
export function scrollToMessage(thread, messageId) {
    const target = thread?.querySelector(`[data-message-id="${messageId}"]`);
    if (!target) return false;
    target.scrollIntoView({ block: 'center' });
    return true;
}

// Reading back to the top of the loaded messages asks for the page before them.
export function loadEarlierOnScroll(thread, sentinel, component) {
    if (!thread || !sentinel) return { dispose() { } };
    const observer = new IntersectionObserver(entries => {
        if (entries.some(e => e.isIntersecting)) component.invokeMethodAsync('LoadEarlierAsync');
    }, { root: thread });
    observer.observe(sentinel);
    return { dispose() { observer.disconnect(); } };
}
