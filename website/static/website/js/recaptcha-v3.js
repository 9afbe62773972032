// reCAPTCHA v3, only on forms where an editor switched it on. If Google's script never loads
// (blocked, slow, JavaScript off), the form is sent as it is and the request waits in quarantine.
(function () {
  "use strict";
  document.querySelectorAll("input[data-recaptcha-v3]").forEach(function (input) {
    var form = input.form;
    var siteKey = input.getAttribute("data-recaptcha-v3");
    var done = false;
    form.addEventListener("submit", function (event) {
      if (done || !window.grecaptcha || !window.grecaptcha.execute) {
        return;
      }
      event.preventDefault();
      var send = function () {
        done = true;
        form.submit();
      };
      var timer = window.setTimeout(send, 5000);
      window.grecaptcha.ready(function () {
        window.grecaptcha.execute(siteKey, { action: "submit" }).then(function (token) {
          input.value = token;
          window.clearTimeout(timer);
          send();
        }, send);
      });
    });
  });
})();
