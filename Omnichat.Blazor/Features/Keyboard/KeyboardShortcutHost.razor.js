// The console's keyboard shortcuts: acts on the table KeyboardShortcuts.cs sends; nothing here knows a key by itself.
const typing = el => el instanceof HTMLElement && (el.isContentEditable || el.matches('input, textarea, select'));

// Menus and dialogs open a moment after their button is clicked.
async function appear(selector, tries = 30) {
    for (let i = 0; i < tries; i++) {
        const found = document.querySelector(selector);
        if (found) return found;
        await new Promise(resolve => setTimeout(resolve, 50));
    }
    return null;
}

function focusIn(target) {
    const field = target.matches('input, textarea') ? target : target.querySelector('textarea, input');
    (field ?? target).focus();
}

function step(list, delta) {
    const items = [...document.querySelectorAll(list)];
    if (items.length === 0) return;
    // The open item is the one the address names; its highlight may not have been rendered yet.
    const current = items.findIndex(item => item.href && new URL(item.href).pathname === location.pathname);
    const next = current < 0 ? 0 : Math.min(Math.max(current + delta, 0), items.length - 1);
    items[next].focus();
    items[next].click();
}

async function run(shortcut, host) {
    switch (shortcut.action) {
        case 'Help': {
            host.invokeMethodAsync('ShowHelpAsync');
            // Into the overlay, so Escape closes it and Tab stays in it.
            (await appear('.mud-dialog .mud-button-close'))?.focus();
            return;
        }
        case 'Next': return step(shortcut.target, 1);
        case 'Previous': return step(shortcut.target, -1);
        case 'Focus': {
            const target = document.querySelector(shortcut.target);
            if (target) focusIn(target);
            return;
        }
        case 'Click': {
            let target = document.querySelector(shortcut.target);
            if (!target && shortcut.menu) {
                const menu = document.querySelector(shortcut.menu);
                if (!menu) return;
                menu.click();
                target = await appear(shortcut.target);
                // Not allowed here (the menu has no such item): close the menu again.
                if (!target) document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
            }
            target?.click();
        }
    }
}

// Each console gets its own listener back to stop: one that goes away (an old circuit) never silences the next.
export function listen(host, shortcuts) {
    const listener = e => {
        if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
        if (typing(e.target)) {
            // Escape leaves the field, so the next key is a shortcut again.
            if (e.key === 'Escape' && !e.target.closest('.mud-dialog, .mud-popover')) e.target.blur();
            return;
        }
        // An open dialog or menu owns the keyboard.
        if (document.querySelector('.mud-dialog-container, .mud-popover-open .mud-list')) return;
        const shortcut = shortcuts.find(s => s.key === e.key);
        if (!shortcut) return;
        e.preventDefault();
        run(shortcut, host);
    };
    document.addEventListener('keydown', listener);
    return { stop: () => document.removeEventListener('keydown', listener) };
}
