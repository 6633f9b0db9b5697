// Error summary links move focus to the field they name, not just scroll to it, so a keyboard
// user lands in the field to fix (the GOV.UK error summary pattern). Without JavaScript the
// links still scroll to the field.
document.addEventListener("click", (event) => {
    const link = event.target.closest(".error-summary a[href^='#']");
    const input = link && document.getElementById(link.hash.slice(1));
    if (!input) return;
    event.preventDefault();
    const fieldset = input.closest("fieldset");
    const label = fieldset ? fieldset.querySelector("legend") : document.querySelector(`label[for="${input.id}"]`);
    (label || input).scrollIntoView();
    input.focus({ preventScroll: true });
});
