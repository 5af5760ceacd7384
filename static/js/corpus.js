// Corpus pages. A passage used to live at /sources/<slug>/#p-<anchor>; now that episodes have
// their own pages, a fragment this page does not hold goes through the passage's permalink.
(function () {
  "use strict";
  var match = /^#p-([a-z0-9-]+)$/.exec(window.location.hash);
  if (match && !document.getElementById("p-" + match[1])) {
    window.location.replace("/p/" + match[1] + "/");
  }
})();

// An episode's player: "Listen from here" plays the audio from the passage's start; a
// permalink followed with ?listen=1 cues it there. Offline, the player says it needs a
// connection (the transcript is plain text and reads regardless).
(function () {
  "use strict";
  var audio = document.querySelector("[data-audio]");
  if (!audio) {
    return;
  }
  var note = document.querySelector("[data-offline-note]");
  function showConnection() {
    note.hidden = navigator.onLine;
  }
  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  audio.addEventListener("error", function () {
    note.hidden = false;
  });
  showConnection();

  function cue(start, play) {
    function seek() {
      audio.currentTime = start;
      if (play) {
        audio.play().catch(function () {});
      }
    }
    if (audio.readyState >= 1) {
      seek();
    } else {
      audio.addEventListener("loadedmetadata", seek, { once: true });
      audio.preload = "metadata";
      audio.load();
    }
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-listen]");
    if (button) {
      if (!navigator.onLine) {
        note.hidden = false;
        note.focus();
        return;
      }
      cue(parseFloat(button.getAttribute("data-listen")), true);
    }
  });

  // The passage being heard is marked as the audio plays, wherever it was started from.
  var buttons = Array.prototype.slice.call(document.querySelectorAll("[data-listen]"));
  var playing = null;
  audio.addEventListener("timeupdate", function () {
    var now = audio.currentTime;
    var current = null;
    buttons.forEach(function (button) {
      if (parseFloat(button.getAttribute("data-listen")) <= now) {
        current = button.closest(".passage");
      }
    });
    if (current !== playing) {
      if (playing) {
        playing.classList.remove("passage-playing");
      }
      if (current) {
        current.classList.add("passage-playing");
      }
      playing = current;
    }
  });

  var match = /^#p-([a-z0-9-]+)$/.exec(window.location.hash);
  if (match && new URLSearchParams(window.location.search).has("listen")) {
    var button = document.querySelector("#p-" + match[1] + " [data-listen]");
    if (button) {
      // Cued, not played: browsers play sound only after a gesture. The fragment makes
      // the passage the starting point of keyboard focus, so Tab reaches its button.
      cue(parseFloat(button.getAttribute("data-listen")), false);
    }
  }
})();
