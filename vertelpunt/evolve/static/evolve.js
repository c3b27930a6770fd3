// A copy button next to the newsletter text; without JavaScript the text can be selected by hand.
document.addEventListener("DOMContentLoaded", () => {
  for (const area of document.querySelectorAll("textarea.copy-source")) {
    if (!navigator.clipboard) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    const label = document.documentElement.lang === "en" ? "Copy text" : "Kopieer tekst";
    const done = document.documentElement.lang === "en" ? "Copied" : "Gekopieerd";
    button.textContent = label;
    const status = document.createElement("span");
    status.setAttribute("role", "status");
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(area.value);
      status.textContent = " " + done;
    });
    area.after(button, status);
  }
});
