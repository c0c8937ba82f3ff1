/* Study mode: quizzes and flashcards generated from the notes' facts.

   No dependencies and no requests: each page carries its questions or cards as JSON in a
   <script type="application/json" class="sn-study-data"> element, and progress is kept in
   localStorage (which also works for pages opened from disk). Every text from the data is
   set with textContent, never parsed as HTML. */
(function () {
  "use strict";

  var STORE = "sn-study-v1:"; // one prefix for every key, so "reset" can find them all
  var BOX_DAYS = [0, 1, 3, 7, 14]; // Leitner boxes 1-5: days until a card comes back

  function load(key, fallback) {
    try {
      var value = JSON.parse(localStorage.getItem(STORE + key));
      return value === null ? fallback : value;
    } catch (error) {
      return fallback;
    }
  }

  function save(key, value) {
    try {
      localStorage.setItem(STORE + key, JSON.stringify(value));
    } catch (error) {
      /* storage full or disabled: the page still works, it just forgets */
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  function pageData() {
    var node = document.querySelector(".sn-study-data");
    return node ? JSON.parse(node.textContent) : [];
  }

  function shuffled(list) {
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var swap = copy[i];
      copy[i] = copy[j];
      copy[j] = swap;
    }
    return copy;
  }

  // Links to the note's fact and to the AWS page, for explanations and the review.
  function sources(question) {
    var p = el("p", "sn-q__links");
    p.appendChild(link(question.n, "Read it in the notes (" + question.nl + ")"));
    if (question.s) {
      p.appendChild(document.createTextNode(" · "));
      p.appendChild(link(question.s, "AWS source"));
    }
    return p;
  }

  /* --- quizzes ------------------------------------------------------------------------------ */

  // options: key (where the session is saved), kind (service | category | exam), draw (questions per session)
  function Quiz(root, questions, options) {
    this.root = root;
    this.key = "quiz:" + options.key;
    this.kind = options.kind;
    this.title = options.title;
    this.draw = options.draw || questions.length;
    this.byId = {};
    for (var i = 0; i < questions.length; i++) this.byId[questions[i].id] = questions[i];
    this.questions = questions;
    this.session = this.resume() || this.fresh();
    this.render();
  }

  // A session comes back after a reload; a finished exam or category draw is replaced on the next visit.
  Quiz.prototype.resume = function () {
    var session = load(this.key, null);
    if (!session || !session.ids || (session.finished && this.kind !== "service")) return null;
    for (var i = 0; i < session.ids.length; i++) if (!this.byId[session.ids[i]]) return null;
    return session;
  };

  Quiz.prototype.fresh = function () {
    var ids = this.questions.map(function (q) { return q.id; });
    if (this.kind !== "service") ids = shuffled(ids).slice(0, this.draw);
    var session = { ids: ids, picks: {} };
    save(this.key, session);
    return session;
  };

  Quiz.prototype.render = function () {
    var self = this;
    this.root.textContent = "";
    if (this.title) this.root.appendChild(el("h2", "sn-quiz__title", this.title));
    this.status = el("p", "sn-quiz__status");
    this.status.setAttribute("role", "status");
    this.root.appendChild(this.status);
    var list = el("ol", "sn-quiz__list");
    this.session.ids.forEach(function (id, index) {
      list.appendChild(self.renderQuestion(self.byId[id], index));
    });
    this.root.appendChild(list);
    this.result = el("div", "sn-quiz__result");
    this.root.appendChild(this.result);
    var again = el("button", "sn-button sn-quiz__again", this.kind === "service" ? "Start again" : "New draw");
    again.type = "button";
    again.addEventListener("click", function () {
      self.session = self.fresh();
      self.render();
      self.root.querySelector(".sn-choice").focus();
    });
    this.root.appendChild(again);
    this.update(false);
  };

  Quiz.prototype.renderQuestion = function (question, index) {
    var self = this;
    var item = el("li", "sn-q");
    item.setAttribute("data-sn-question", question.id);
    var promptId = "sn-q-" + question.id;
    var prompt = el("p", "sn-q__prompt", question.q);
    prompt.id = promptId;
    item.appendChild(prompt);
    var group = el("div", "sn-q__choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-labelledby", promptId);
    var feedback = el("div", "sn-q__feedback");
    feedback.setAttribute("aria-live", "polite");
    question.c.forEach(function (choice, choiceIndex) {
      var button = el("button", "sn-choice", choice);
      button.type = "button";
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () { self.pick(question, choiceIndex); });
      group.appendChild(button);
    });
    item.appendChild(group);
    item.appendChild(feedback);
    this.show(item, question);
    return item;
  };

  Quiz.prototype.pick = function (question, choiceIndex) {
    var picks = this.session.picks[question.id] || [];
    if (picks.indexOf(question.a) !== -1) return; // already answered right
    if (picks.indexOf(choiceIndex) === -1) picks.push(choiceIndex);
    this.session.picks[question.id] = picks;
    save(this.key, this.session);
    this.show(this.root.querySelector('[data-sn-question="' + question.id + '"]'), question);
    this.update(true);
  };

  // Marks the picked choices and writes the verdict and explanation, from the saved picks.
  Quiz.prototype.show = function (item, question) {
    var picks = this.session.picks[question.id] || [];
    if (!picks.length) return;
    var solved = picks.indexOf(question.a) !== -1;
    var buttons = item.querySelectorAll(".sn-choice");
    for (var i = 0; i < buttons.length; i++) {
      var picked = picks.indexOf(i) !== -1;
      buttons[i].setAttribute("aria-pressed", picked ? "true" : "false");
      buttons[i].classList.toggle("sn-choice--right", picked && i === question.a);
      buttons[i].classList.toggle("sn-choice--wrong", picked && i !== question.a);
      if (solved) buttons[i].setAttribute("aria-disabled", "true");
    }
    var feedback = item.querySelector(".sn-q__feedback");
    feedback.textContent = "";
    var verdict;
    if (solved) {
      verdict = picks.length === 1 ? "Correct." : "Correct, on try " + picks.length + ".";
    } else {
      verdict = "Not quite: “" + question.c[picks[picks.length - 1]] + "” is not it. Try another answer.";
    }
    var strong = el("p", "sn-q__verdict " + (solved ? "sn-q__verdict--right" : "sn-q__verdict--wrong"), verdict);
    feedback.appendChild(strong);
    feedback.appendChild(el("p", "sn-q__explanation", question.e));
    feedback.appendChild(sources(question));
  };

  Quiz.prototype.update = function (announce) {
    var self = this;
    var total = this.session.ids.length;
    var answered = 0;
    var firstTry = 0;
    var missed = [];
    this.session.ids.forEach(function (id) {
      var picks = self.session.picks[id] || [];
      var question = self.byId[id];
      if (picks.indexOf(question.a) !== -1) {
        answered++;
        if (picks[0] === question.a) firstTry++;
        else missed.push(question);
      }
    });
    this.status.textContent = answered + " of " + total + " answered, " + firstTry + " right on the first try.";
    this.result.textContent = "";
    if (answered < total) return;
    var percent = total ? Math.round((100 * firstTry) / total) : 0;
    var heading = el("h2", "sn-quiz__score", "Your score: " + firstTry + " of " + total + " (" + percent + "%)");
    heading.id = "sn-quiz-score";
    this.result.appendChild(heading);
    if (missed.length) {
      this.result.appendChild(el("p", "", "To review: the questions you did not get right on the first try."));
      var list = el("ul", "sn-quiz__review");
      missed.forEach(function (question) {
        var item = el("li");
        item.appendChild(el("p", "sn-q__prompt", question.q));
        item.appendChild(el("p", "", "Answer: " + question.c[question.a]));
        item.appendChild(sources(question));
        list.appendChild(item);
      });
      this.result.appendChild(list);
    } else {
      this.result.appendChild(el("p", "", "Everything right on the first try."));
    }
    this.session.finished = true;
    save(this.key, this.session);
    if (announce) heading.setAttribute("tabindex", "-1");
  };

  /* A category page quizzes either a draw from its category or, for #service-<id>, every question on
     one service, loaded from that service's own data file (a script, which also loads from disk). */
  var serviceQuestions = {};
  window.snStudyService = function (id, questions) { serviceQuestions[id] = questions; };

  function startQuiz(root) {
    var match = /^#service-(.+)$/.exec(window.location.hash);
    var link = match && root.parentNode.querySelector('[data-sn-service="' + match[1] + '"]');
    if (!link) {
      new Quiz(root, pageData(), { key: root.getAttribute("data-sn-key"), kind: root.getAttribute("data-sn-quiz"),
        draw: parseInt(root.getAttribute("data-sn-draw"), 10) });
      return;
    }
    var id = match[1];
    var show = function () {
      new Quiz(root, serviceQuestions[id], { key: root.getAttribute("data-sn-key") + "/" + id, kind: "service",
        title: "Quiz: " + link.getAttribute("data-sn-name") });
    };
    if (serviceQuestions[id]) return show();
    var script = document.createElement("script");
    script.src = link.getAttribute("data-sn-data");
    script.onload = show;
    document.body.appendChild(script);
  }

  /* --- flashcards: Leitner boxes ------------------------------------------------------------- */

  function today() {
    return Math.floor(Date.now() / 86400000);
  }

  function Cards(root, cards) {
    this.root = root;
    this.cards = cards;
    this.boxes = load("cards", {}); // card id -> {box: 1-5, due: day number}
    this.reviewAll = false;
    this.render();
  }

  Cards.prototype.boxOf = function (card) {
    return (this.boxes[card.id] || { box: 1 }).box;
  };

  // Due cards, lowest box first; must-know cards first within a box (the data lists them first).
  Cards.prototype.queue = function () {
    var self = this;
    var now = today();
    var due = this.cards.filter(function (card) {
      var state = self.boxes[card.id];
      return self.reviewAll || !state || state.due <= now;
    });
    return due.sort(function (a, b) { return self.boxOf(a) - self.boxOf(b); });
  };

  Cards.prototype.render = function () {
    var self = this;
    this.root.textContent = "";
    var counts = [0, 0, 0, 0, 0];
    this.cards.forEach(function (card) { counts[self.boxOf(card) - 1]++; });
    var summary = el("ul", "sn-cards__boxes");
    summary.setAttribute("aria-label", "Cards per box");
    counts.forEach(function (count, index) {
      var item = el("li", "", "Box " + (index + 1) + ": " + count);
      item.setAttribute("data-sn-box", String(index + 1));
      summary.appendChild(item);
    });
    this.root.appendChild(summary);
    var queue = this.queue();
    if (!queue.length) {
      this.root.appendChild(el("p", "sn-cards__done", "All caught up: no card is due today."));
      var all = el("button", "sn-button", "Review all cards anyway");
      all.type = "button";
      all.addEventListener("click", function () { self.reviewAll = true; self.render(); });
      this.root.appendChild(all);
      return;
    }
    var card = queue[0];
    this.current = card;
    var box = el("section", "sn-card");
    box.setAttribute("aria-label", "Flashcard");
    box.setAttribute("data-sn-card", card.id);
    box.appendChild(el("p", "sn-card__meta", "Box " + this.boxOf(card) + " of 5 · " + queue.length + " due" +
      (card.m ? " · must know" : "")));
    box.appendChild(el("p", "sn-card__front", card.f));
    var back = el("div", "sn-card__back");
    back.hidden = true;
    back.appendChild(el("p", "sn-card__value", card.b));
    if (card.d) back.appendChild(el("p", "sn-card__details", card.d));
    back.appendChild(sources({ n: card.n, nl: card.f, s: card.s }));
    box.appendChild(back);
    var actions = el("div", "sn-card__actions");
    var reveal = el("button", "sn-button sn-button--primary", "Show answer");
    reveal.type = "button";
    var again = el("button", "sn-button sn-card__again", "Again");
    again.type = "button";
    var got = el("button", "sn-button sn-button--primary sn-card__got", "Got it");
    got.type = "button";
    again.hidden = got.hidden = true;
    reveal.addEventListener("click", function () { self.reveal(); });
    again.addEventListener("click", function () { self.grade(false); });
    got.addEventListener("click", function () { self.grade(true); });
    actions.appendChild(reveal);
    actions.appendChild(again);
    actions.appendChild(got);
    box.appendChild(actions);
    this.root.appendChild(box);
    this.parts = { back: back, reveal: reveal, again: again, got: got };
    this.swipe(box);
  };

  Cards.prototype.reveal = function () {
    if (!this.parts || !this.parts.back.hidden) return;
    this.parts.back.hidden = false;
    this.parts.reveal.hidden = true;
    this.parts.again.hidden = this.parts.got.hidden = false;
    this.parts.got.focus();
  };

  Cards.prototype.grade = function (known) {
    if (!this.current || this.parts.back.hidden) return;
    var box = known ? Math.min(this.boxOf(this.current) + 1, 5) : 1;
    this.boxes[this.current.id] = { box: box, due: today() + BOX_DAYS[box - 1] };
    save("cards", this.boxes);
    this.render();
    var next = this.root.querySelector(".sn-card .sn-button, .sn-cards__done + .sn-button");
    if (next) next.focus();
  };

  // Touch: swipe right for "got it", left for "again" (once the answer shows; a swipe before shows it).
  Cards.prototype.swipe = function (node) {
    var self = this;
    var startX = null;
    node.addEventListener("touchstart", function (event) { startX = event.changedTouches[0].clientX; },
      { passive: true });
    node.addEventListener("touchend", function (event) {
      if (startX === null) return;
      var dx = event.changedTouches[0].clientX - startX;
      startX = null;
      if (Math.abs(dx) < 60) return;
      if (self.parts.back.hidden) self.reveal();
      else self.grade(dx > 0);
    });
  };

  Cards.prototype.key = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
    if ((event.key === " " || event.key === "Enter") && target.tagName !== "BUTTON" && target.tagName !== "A") {
      event.preventDefault();
      this.reveal();
    } else if (event.key === "1" || event.key === "ArrowLeft") {
      this.grade(false);
    } else if (event.key === "2" || event.key === "ArrowRight") {
      this.grade(true);
    }
  };

  /* --- reset --------------------------------------------------------------------------------- */

  function resetButton(root) {
    var button = el("button", "sn-button", "Reset all my answers and flashcard boxes");
    button.type = "button";
    var done = el("p", "sn-reset__status");
    done.setAttribute("role", "status");
    button.addEventListener("click", function () {
      var keys = [];
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(STORE) === 0) keys.push(key);
      }
      keys.forEach(function (key) { localStorage.removeItem(key); });
      done.textContent = "Your study progress in this browser is cleared.";
    });
    root.appendChild(button);
    root.appendChild(done);
  }

  function start() {
    var quiz = document.querySelector("[data-sn-quiz]");
    if (quiz) {
      startQuiz(quiz);
      window.addEventListener("hashchange", function () { startQuiz(quiz); });
    }
    var cardsRoot = document.querySelector("[data-sn-cards]");
    if (cardsRoot) {
      var cards = new Cards(cardsRoot, pageData());
      document.addEventListener("keydown", function (event) { cards.key(event); });
    }
    var reset = document.querySelector("[data-sn-reset]");
    if (reset) resetButton(reset);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
