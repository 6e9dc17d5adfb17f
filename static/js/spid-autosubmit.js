// Posts the SAML message on to the identity provider or back to the portal (spid/post.html).
// A file, not inline script: the Content-Security-Policy forbids inline script.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) { form.submit(); }
});
