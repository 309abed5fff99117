// Speak Up: marks the page as having JavaScript before it is drawn, so the parts that need it
// show and the no-JavaScript parts hide without a flash (GOV.UK's pattern, without inline script).
document.documentElement.classList.add("su-js");
