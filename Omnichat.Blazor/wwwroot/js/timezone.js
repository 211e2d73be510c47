// Tells the server the browser's time zone on every page, so even the first (prerendered) paint of the console shows
// times where the user is, without a flash of the server's time zone.
document.cookie = "omnichat-tz=" + encodeURIComponent(Intl.DateTimeFormat().resolvedOptions().timeZone) + "; path=/; max-age=31536000; samesite=lax";
