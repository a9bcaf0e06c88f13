// The timeout warning (templates/includes/timeout_warning.html, docs/accounts.md).
//
// The server says how many seconds the session has left: on the page (data-expires-in) and on
// every signed-in response (the Safeguard-Session-Expires-In header), so a draft's autosave
// (typing) starts the count again. A couple of minutes before the end the dialog opens, after
// asking the server (without counting as activity) whether another tab has kept the session
// alive. "Stay signed in" (or Escape) extends it; at the end the page signs out and goes to
// sign in, with `next` set to this page so that signing back in returns here and to its draft.
(() => {
  "use strict";
  const dialog = document.getElementById("timeout-warning");
  if (!dialog || typeof dialog.showModal !== "function") return;

  const HEADER = "Safeguard-Session-Expires-In";
  const warnBefore = Number(dialog.dataset.warnBefore) * 1000;
  const signOutForm = dialog.querySelector("[data-timeout-sign-out]");
  const csrfToken = signOutForm.querySelector("[name=csrfmiddlewaretoken]").value;
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const announce = dialog.querySelector("[data-timeout-announce]");
  const stay = dialog.querySelector("[data-timeout-stay]");
  let deadline = 0;
  let timer = 0;
  let ticker = 0;
  let returnFocus = null;
  let spoken = "";
  let leaving = false;

  const here = () => window.location.pathname + window.location.search;

  // "2 minutes", "1 minute", "45 seconds": what the countdown shows.
  const inWords = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return minutes === 1 ? "1 minute" : `${minutes} minutes`;
    }
    return seconds === 1 ? "1 second" : `${seconds} seconds`;
  };

  // What a screen reader is told as time passes: each minute, then every 20 seconds, not
  // every second (which would drown out everything else).
  const inSpokenSteps = (ms) => {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    if (seconds > 60) return inWords(Math.ceil(seconds / 60) * 60000);
    return inWords(Math.max(20, Math.ceil(seconds / 20) * 20) * 1000);
  };

  const leaveFor = (url) => {
    leaving = true;
    window.location.assign(url);
  };

  // The session has ended already (the server answered with a redirect to sign in).
  const signedOutAlready = () => {
    const query = new URLSearchParams({ timed_out: "1", next: here() });
    leaveFor(`${dialog.dataset.signInUrl}?${query}`);
  };

  const signOut = () => {
    if (leaving) return;
    leaving = true;
    for (const [name, value] of [["timed_out", "1"], ["next", here()]]) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      signOutForm.appendChild(input);
    }
    signOutForm.submit();
  };

  const stopTicking = () => {
    clearInterval(ticker);
    ticker = 0;
  };

  const close = () => {
    stopTicking();
    if (!dialog.open) return;
    dialog.close();
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  };

  const tick = () => {
    const left = deadline - Date.now();
    countdown.textContent = inWords(left);
    const words = `We will sign you out in ${inSpokenSteps(left)}.`;
    if (words !== spoken) {
      spoken = words;
      announce.textContent = words;
    }
    if (left <= 0) {
      stopTicking();
      check(true);
    }
  };

  const startTicking = () => {
    stopTicking();
    ticker = setInterval(tick, 1000);
  };

  const open = () => {
    if (dialog.open) return;
    returnFocus = document.activeElement;
    spoken = "";
    tick();
    dialog.showModal();
    // Focus on the dialog itself, so that its title and text are read out first.
    dialog.focus();
    startTicking();
  };

  // Count from `seconds` left: warn at the right moment, or now if that moment has passed.
  const expiresIn = (seconds) => {
    if (!Number.isFinite(seconds)) return;
    deadline = Date.now() + seconds * 1000;
    clearTimeout(timer);
    if (deadline - Date.now() > warnBefore) {
      close();
      timer = setTimeout(() => check(false), deadline - warnBefore - Date.now());
    } else if (!dialog.open) {
      open();
    }
  };

  const answered = (response) => {
    if (response.type === "opaqueredirect" || response.redirected) return null;
    return response.ok ? response.json() : Promise.reject(response.status);
  };

  // Ask how long is left: another tab may have kept the session alive. `atEnd`: the
  // countdown has run out, so sign out unless time was found.
  const check = (atEnd) => {
    if (leaving) return;
    fetch(dialog.dataset.statusUrl, {
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json" },
    })
      .then(answered)
      .then((data) => {
        if (data === null) return signedOutAlready();
        if (atEnd && data.expires_in <= 0) return signOut();
        expiresIn(data.expires_in);
        if (dialog.open && !ticker) startTicking();
      })
      .catch(() => {
        // No answer (the network dropped): sign out at the end as promised, else ask again.
        if (atEnd) signOut();
        else timer = setTimeout(() => check(false), 10000);
      });
  };

  const staySignedIn = () => {
    fetch(dialog.dataset.extendUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
    })
      .then(answered)
      .then((data) => {
        if (data === null) return signedOutAlready();
        close();
        expiresIn(data.expires_in);
      })
      .catch(() => check(false));
  };

  stay.addEventListener("click", staySignedIn);
  // Escape closes a modal dialog: here it means "Stay signed in", as in the HMRC pattern.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    staySignedIn();
  });
  // Any htmx request (a draft saved as the user types) tells how long is left now.
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const xhr = event.detail && event.detail.xhr;
    const seconds = xhr && xhr.getResponseHeader(HEADER);
    if (seconds !== null && seconds !== undefined && seconds !== "") {
      expiresIn(Number(seconds));
    }
  });

  expiresIn(Number(dialog.dataset.expiresIn));
})();
