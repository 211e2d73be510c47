// Browser side of notifications: the Notification API, sounds and the unread count in the tab title.
let lastSoundAt = 0;
let unread = 0;
let titleObserver = null;

export function permission() {
    return "Notification" in window ? Notification.permission : "unsupported";
}

export async function requestPermission() {
    return "Notification" in window ? await Notification.requestPermission() : "unsupported";
}

export function notify(title, body, url) {
    if (permission() !== "granted") return false;
    const notification = new Notification(title, { body, tag: url });
    notification.onclick = () => { window.focus(); location.assign(url); notification.close(); };
    return true;
}

// At most one sound a second, however many messages arrive at once.
export function play(sound) {
    const now = Date.now();
    if (now - lastSoundAt < 1000) return false;
    lastSoundAt = now;
    new Audio(`sounds/${encodeURIComponent(sound)}.wav`).play().catch(() => { /* autoplay may be refused before the first click */ });
    return true;
}

// Pages set their own titles; keep "(3) " in front of whatever the title becomes.
export function setUnreadCount(count) {
    unread = count;
    applyTitle();
    if (!titleObserver) {
        titleObserver = new MutationObserver(applyTitle);
        titleObserver.observe(document.head, { subtree: true, childList: true, characterData: true });
    }
}

function applyTitle() {
    const base = document.title.replace(/^\(\d+\) /, "");
    const wanted = unread > 0 ? `(${unread}) ${base}` : base;
    if (document.title !== wanted) document.title = wanted;
}
