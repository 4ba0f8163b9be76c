/* global self, URL */
/*
 * Urbia's service worker: shows the web push notifications the server sends (payload decrypted by the
 * browser: { title, body, url, kind }) and opens the page they are about when tapped. Text is shown as
 * text by the browser's notification UI; nothing here turns it into markup.
 */
self.addEventListener('push', (event) => {
  let msg = { title: 'Urbia', body: '', url: '/', kind: '' };
  try {
    msg = { ...msg, ...event.data.json() };
  } catch {
    if (event.data) msg.body = event.data.text();
  }
  event.waitUntil(self.registration.showNotification(msg.title, { body: msg.body, data: { url: msg.url || '/' }, tag: msg.kind || undefined, icon: '/favicon.svg' }));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL(event.notification.data?.url || '/', self.location.origin);
  // Only pages of this site are opened.
  const target = url.origin === self.location.origin ? url.href : self.location.origin + '/';
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((list) => {
      for (const c of list) if (c.url === target && 'focus' in c) return c.focus();
      return self.clients.openWindow(target);
    }),
  );
});
