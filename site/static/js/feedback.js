// "Was this page helpful?" in place: the same two posts as without JavaScript, answered as JSON.
// Yes/No swaps in the optional comment form (focus moves to its box); Send says thank you.
for (const section of document.querySelectorAll(".feedback")) {
    const answer = section.querySelector(".feedback__answer");
    const more = section.querySelector(".feedback__more");
    const status = section.querySelector(".feedback__status");

    const post = async (form, submitter) => {
        const response = await fetch(form.action, {
            method: "POST",
            body: new FormData(form, submitter),
            headers: { Accept: "application/json" },
            credentials: "same-origin",
        });
        const result = await response.json().catch(() => ({}));
        if (!response.ok) throw new Error(result.error || "Sorry, your feedback could not be sent.");
        return result;
    };

    answer.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
            const { token } = await post(answer, event.submitter);
            more.elements.token.value = token;
            answer.hidden = true;
            more.hidden = false;
            status.textContent = "Thank you. You can tell us more if you like.";
            more.elements.comment.focus();
        } catch (error) {
            status.textContent = error.message;
        }
    });

    more.addEventListener("submit", async (event) => {
        event.preventDefault();
        try {
            await post(more, event.submitter);
            more.hidden = true;
            status.textContent = "Thank you for your feedback.";
        } catch (error) {
            status.textContent = error.message;
        }
    });
}
