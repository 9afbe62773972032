// After a passkey is added on the account page, show it in the list (django-otp-webauthn's
// front end announces the new passkey with an event; the list is drawn by the server).
document.addEventListener("otp_webauthn.register_complete", () => {
  window.setTimeout(() => window.location.reload(), 800);
});
