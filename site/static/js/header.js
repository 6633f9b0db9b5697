// Phone header: the "Search" and "Menu" links (to the search page and the full menu page) become
// buttons that open the search form or the menu in place. Escape closes the open one and returns
// focus to its button. On wider screens the buttons are hidden by CSS and both are always shown.
const toggles = [];

function setOpen(button, target, open) {
    button.setAttribute("aria-expanded", String(open));
    target.classList.toggle("is-open", open);
}

for (const link of document.querySelectorAll("[data-header-toggle]")) {
    const target = document.getElementById(link.dataset.headerToggle);
    if (!target) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.innerHTML = link.innerHTML;
    button.setAttribute("aria-controls", target.id);
    button.setAttribute("aria-expanded", "false");
    link.replaceWith(button);
    toggles.push([button, target]);
    button.addEventListener("click", () => {
        const open = button.getAttribute("aria-expanded") !== "true";
        for (const [other, otherTarget] of toggles) {
            if (other !== button) setOpen(other, otherTarget, false);
        }
        setOpen(button, target, open);
        const input = open && target.querySelector("input");
        if (input) input.focus();
    });
}

document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const [button, target] of toggles) {
        if (button.getAttribute("aria-expanded") === "true") {
            setOpen(button, target, false);
            button.focus();
        }
    }
});
