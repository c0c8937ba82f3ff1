/* Study mode: the practice exam, quizzes and flashcards generated from the notes' facts.

   No requests: a page carries its questions in a <script type="application/json" class="sn-study-data">
   element or loads them with a <script src> data file (snStudyExamBank / snStudyService), both of which work
   from file://. Progress is kept in localStorage. Every text from the data is set with textContent,
   never parsed as HTML. Flashcards are scheduled with FSRS (vendor/ts-fsrs.umd.js, the global FSRS). */
(function () {
  "use strict";

  var STORE = "sn-study-v2:"; // one prefix for every key; "reset" clears this and older versions
  var HISTORY_KEPT = 50; // finished attempts kept in the history
  var MISSED_SHARE = 0.25; // at most this share of a draw is items missed before (they come back sooner)
  var TIMED_SECONDS = 90; // per question, in the optional timed mode (our pace, not a figure from AWS)

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

  function button(text, className, onClick) {
    var node = el("button", "sn-button" + (className ? " " + className : ""), text);
    node.type = "button";
    if (onClick) node.addEventListener("click", onClick);
    return node;
  }

  function link(href, text) {
    var a = el("a", "", text);
    a.href = href;
    return a;
  }

  function inlineData() {
    var node = document.querySelector(".sn-study-data");
    return node ? JSON.parse(node.textContent) : null;
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

  function sameSet(a, b) {
    if (!a || a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (b.indexOf(a[i]) === -1) return false;
    return true;
  }

  function percent(right, total) {
    return total ? Math.round((100 * right) / total) : 0;
  }

  // Links to the note's fact and to the AWS page, for explanations and the review.
  function sources(item) {
    var p = el("p", "sn-q__links");
    if (item.n) p.appendChild(link(item.n, "Read it in the notes (" + item.nl + ")"));
    if (item.s) {
      if (item.n) p.appendChild(document.createTextNode(" · "));
      p.appendChild(link(item.s, "AWS source"));
    }
    return p;
  }

  /* --- drawing questions ---------------------------------------------------------------------- */

  /* A draw of `size` questions: per-category quotas, one question per fact, taken from a shuffled order
     kept in localStorage so nothing comes back before the whole pool has been drawn, except the
     questions missed before, which come back in the next draw. Returns question ids. */
  function draw(key, questions, quotas, size) {
    var byId = {};
    questions.forEach(function (q) { byId[q.id] = q; });
    var state = load("order:" + key, null) || { queue: [], seen: [], missed: [] };
    var known = function (id) { return byId[id] !== undefined; };
    state.queue = state.queue.filter(known);
    state.seen = state.seen.filter(known);
    state.missed = state.missed.filter(known);
    var listed = {};
    state.queue.concat(state.seen).forEach(function (id) { listed[id] = true; });
    state.queue = state.queue.concat(shuffled(questions.map(function (q) { return q.id; })
      .filter(function (id) { return !listed[id]; }))); // questions new in this build join the order

    var picked = [];
    var facts = {};
    var perCategory = {};
    var facetsOf = function (q) { return q.f && q.f.length ? q.f : [q.id]; };
    var fits = function (q, anyCategory) {
      if (picked.indexOf(q.id) !== -1) return false;
      if (facetsOf(q).some(function (fact) { return facts[fact]; })) return false;
      return anyCategory || quotas[q.k] === undefined || (perCategory[q.k] || 0) < quotas[q.k];
    };
    var take = function (q) {
      picked.push(q.id);
      facetsOf(q).forEach(function (fact) { facts[fact] = true; });
      perCategory[q.k] = (perCategory[q.k] || 0) + 1;
    };
    var fromQueue = function (anyCategory) {
      state.queue = state.queue.filter(function (id) {
        if (picked.length >= size || !fits(byId[id], anyCategory)) return true;
        take(byId[id]);
        state.seen.push(id);
        return false;
      });
    };

    var comeback = Math.ceil(size * MISSED_SHARE);
    state.missed = state.missed.filter(function (id) {
      if (comeback <= 0 || !fits(byId[id], false)) return true;
      comeback--;
      take(byId[id]);
      return false;
    });
    fromQueue(false);
    fromQueue(true); // a category short of unseen questions: others fill its place
    if (picked.length < size) { // the pool is used up: a new round, in a new order
      // What no draw could take (each shares a fact with this one) opens the new round, so it is seen next.
      var leftover = state.queue.slice();
      state.seen = picked.slice();
      state.queue = leftover.concat(shuffled(questions.map(function (q) { return q.id; })
        .filter(function (id) { return picked.indexOf(id) === -1 && leftover.indexOf(id) === -1; })));
      fromQueue(false);
      fromQueue(true);
    }
    save("order:" + key, state);
    return shuffled(picked);
  }

  // After a question is settled: missed ones come back sooner, ones got right on the first try do not.
  function remember(key, id, firstRight) {
    var state = load("order:" + key, null);
    if (!state) return;
    var at = state.missed.indexOf(id);
    if (firstRight && at !== -1) state.missed.splice(at, 1);
    if (!firstRight && at === -1) state.missed.push(id);
    save("order:" + key, state);
  }

  /* --- quizzes: one question at a time -------------------------------------------------------- */

  // data: {questions, quotas, labels}; options: key, kind (exam | category | service), title, draw
  function Quiz(root, data, options) {
    this.root = root;
    this.data = data;
    this.options = options;
    this.key = options.key;
    this.byId = {};
    for (var i = 0; i < data.questions.length; i++) this.byId[data.questions[i].id] = data.questions[i];
    this.attempt = this.resume() || this.fresh();
    this.view = this.attempt.recorded ? "result" : "question"; // a finished attempt shows its score after a reload
    var started = Object.keys(this.attempt.tries).length || Object.keys(this.attempt.shown).length;
    if (started) this.withWhy(this.render.bind(this));
    else this.render();
  }

  /* The exam's explanations, choice notes and links live in a second script (data-sn-why), loaded when the
     first answer is settled: the first view carries only what asks the questions. */
  Quiz.prototype.withWhy = function (then) {
    var self = this;
    var src = this.options.why;
    if (!src || this.whyLoaded) return then();
    var apply = function () {
      var why = window.snStudyExamWhy || {};
      Object.keys(why).forEach(function (id) {
        var question = self.byId[id];
        if (question) Object.keys(why[id]).forEach(function (key) { question[key] = why[id][key]; });
      });
      self.whyLoaded = true;
      then();
    };
    if (window.snStudyExamWhy) return apply();
    var script = document.createElement("script");
    script.src = src;
    script.onload = apply;
    script.onerror = apply; // the verdict and the answer still show
    document.body.appendChild(script);
  };

  Quiz.prototype.resume = function () {
    var attempt = load("quiz:" + this.key, null);
    if (!attempt || !attempt.ids || !attempt.ids.length) return null;
    for (var i = 0; i < attempt.ids.length; i++) if (!this.byId[attempt.ids[i]]) return null;
    return attempt;
  };

  Quiz.prototype.fresh = function (timed) {
    var questions = this.data.questions;
    var ids = this.options.kind === "service" ? questions.map(function (q) { return q.id; })
      : draw(this.key, questions, this.data.quotas || {}, Math.min(this.options.draw, questions.length));
    var order = {};
    var self = this;
    ids.forEach(function (id) {
      order[id] = shuffled(self.byId[id].c.map(function (_, index) { return index; }));
    });
    // tries: id -> list of submitted picks (choice indexes in the data); shown: id -> gave up
    var attempt = { ids: ids, order: order, tries: {}, shown: {}, at: 0, started: new Date().toISOString() };
    if (timed) attempt.ends = Date.now() + ids.length * TIMED_SECONDS * 1000;
    save("quiz:" + this.key, attempt);
    return attempt;
  };

  Quiz.prototype.status = function (id) {
    var question = this.byId[id];
    var tries = this.attempt.tries[id] || [];
    var right = tries.length > 0 && sameSet(tries[tries.length - 1], question.a);
    return {
      tries: tries,
      settled: right || !!this.attempt.shown[id],
      firstRight: tries.length > 0 && sameSet(tries[0], question.a),
      right: right
    };
  };

  Quiz.prototype.score = function () {
    var self = this;
    var result = { right: 0, settled: 0, total: this.attempt.ids.length, categories: {} };
    this.attempt.ids.forEach(function (id) {
      var status = self.status(id);
      var label = (self.data.labels || {})[self.byId[id].k] || self.byId[id].k || "";
      var category = result.categories[label] || (result.categories[label] = [0, 0]);
      category[1]++;
      if (status.settled) result.settled++;
      if (status.firstRight) {
        result.right++;
        category[0]++;
      }
    });
    return result;
  };

  Quiz.prototype.render = function (focus) {
    this.root.textContent = "";
    if (this.options.title) this.root.appendChild(el("h2", "sn-quiz__title", this.options.title));
    this.line = el("p", "sn-quiz__status");
    this.line.setAttribute("role", "status");
    this.root.appendChild(this.line);
    this.timer = el("p", "sn-quiz__timer"); // not a live region: a countdown read out every second is noise
    this.root.appendChild(this.timer);
    this.body = el("div", "sn-quiz__body");
    this.root.appendChild(this.body);
    this.renderBody(focus);
    var self = this;
    var restart = function (timed) {
      self.attempt = self.fresh(timed);
      self.view = "question";
      self.render(true);
      self.root.scrollIntoView({ block: "start" }); // the new draw's first question and timer, not the page's foot
    };
    var again = el("p", "sn-quiz__again");
    again.appendChild(button(this.options.kind === "service" ? "Start again" : "New draw", "sn-button--quiet",
      function () { restart(false); }));
    if (this.options.kind === "exam") {
      var minutes = Math.round((Math.min(this.options.draw, this.data.questions.length) * TIMED_SECONDS) / 60);
      again.appendChild(button("New timed draw (" + minutes + " min)", "sn-button--quiet sn-quiz__timed",
        function () { restart(true); }));
    }
    this.root.appendChild(again);
    this.tick();
  };

  /* Timed mode: the time left beside the status; when it runs out, questions not yet answered count as
     missed and the score shows. */
  Quiz.prototype.tick = function () {
    window.clearInterval(this.interval);
    this.timer.textContent = "";
    if (!this.attempt.ends || this.attempt.recorded) return;
    var self = this;
    var update = function () {
      if (self.attempt.recorded) { // finished in time
        window.clearInterval(self.interval);
        self.timer.textContent = "";
        return;
      }
      var left = Math.max(0, Math.round((self.attempt.ends - Date.now()) / 1000));
      self.timer.textContent = "Time left: " + Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
      if (left > 0) return;
      window.clearInterval(self.interval);
      self.attempt.ids.forEach(function (id) { if (!self.status(id).settled) self.attempt.shown[id] = true; });
      self.timer.textContent = "Time is up.";
      self.withWhy(self.finish.bind(self));
    };
    update();
    this.interval = window.setInterval(update, 1000);
  };

  Quiz.prototype.updateLine = function () {
    var score = this.score();
    this.line.textContent = score.settled + " of " + score.total + " answered · " + score.right + " right first try";
  };

  Quiz.prototype.renderQuestion = function (focus) {
    var self = this;
    var index = Math.min(this.attempt.at || 0, this.attempt.ids.length - 1);
    var id = this.attempt.ids[index];
    var question = this.byId[id];
    var status = this.status(id);
    var multiple = question.a.length > 1;
    this.updateLine();

    var form = el("form", "sn-q");
    form.setAttribute("data-sn-question", id);
    form.noValidate = true;
    var fieldset = el("fieldset", "sn-q__fieldset");
    var legend = el("legend", "sn-q__prompt");
    legend.appendChild(el("span", "sn-q__number", "Question " + (index + 1) + " of " + this.attempt.ids.length));
    legend.appendChild(el("span", "sn-q__stem", question.q));
    if (multiple) legend.appendChild(el("span", "sn-q__hint", "Choose " + (question.a.length === 2 ? "TWO" :
      String(question.a.length)) + "."));
    fieldset.appendChild(legend);
    var inputs = [];
    var picked = status.tries.length ? status.tries[status.tries.length - 1] : [];
    var wrongBefore = {};
    status.tries.forEach(function (pick) {
      if (!multiple) pick.forEach(function (choice) { if (question.a.indexOf(choice) === -1) wrongBefore[choice] = 1; });
    });
    (this.attempt.order[id] || question.c.map(function (_, i) { return i; })).forEach(function (choice) {
      var label = el("label", "sn-choice");
      var input = document.createElement("input");
      input.type = multiple ? "checkbox" : "radio";
      input.name = "sn-choice";
      input.value = String(choice);
      label.appendChild(input);
      label.appendChild(el("span", "sn-choice__text", question.c[choice]));
      var isAnswer = question.a.indexOf(choice) !== -1;
      if (status.settled) {
        input.disabled = true;
        input.checked = picked.indexOf(choice) !== -1;
        if (isAnswer) label.classList.add("sn-choice--right");
        else if (input.checked || wrongBefore[choice]) label.classList.add("sn-choice--wrong");
      } else if (wrongBefore[choice]) {
        input.disabled = true;
        label.classList.add("sn-choice--wrong");
      } else if (multiple) {
        input.checked = picked.indexOf(choice) !== -1; // a wrong pair stays ticked: change one and check again
      }
      fieldset.appendChild(label);
      inputs.push(input);
    });
    form.appendChild(fieldset);

    var actions = el("div", "sn-q__actions");
    var feedback = el("div", "sn-q__feedback");
    feedback.setAttribute("aria-live", "polite");
    if (!status.settled) {
      var check = el("button", "sn-button sn-button--primary sn-q__check", "Check answer");
      check.type = "submit";
      actions.appendChild(check);
      actions.appendChild(button("Show answer", "sn-q__show", function () {
        self.attempt.shown[id] = true;
        self.settled(id);
      }));
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var pick = inputs.filter(function (input) { return input.checked; })
          .map(function (input) { return parseInt(input.value, 10); });
        if (!pick.length || (multiple && pick.length !== question.a.length)) {
          feedback.textContent = "";
          feedback.appendChild(el("p", "sn-q__verdict", multiple ? "Pick " + question.a.length + " answers." :
            "Pick an answer first."));
          return;
        }
        (self.attempt.tries[id] = self.attempt.tries[id] || []).push(pick.sort());
        if (sameSet(pick, question.a)) self.settled(id);
        else {
          save("quiz:" + self.key, self.attempt);
          self.renderBody(true);
        }
      });
    }
    if (index > 0) actions.appendChild(button("Previous", "sn-q__previous", function () { self.go(index - 1); }));
    if (status.settled) {
      var allSettled = this.score().settled === this.attempt.ids.length;
      var next = button(allSettled ? "See your score" : "Next question", "sn-button--primary sn-q__next",
        function () { self.next(index); });
      actions.insertBefore(next, actions.firstChild);
    }
    form.appendChild(actions);
    form.appendChild(feedback);
    if (status.tries.length || status.settled) this.explain(feedback, question, status, multiple);
    this.body.appendChild(form);
    if (focus) {
      var target = status.settled || status.tries.length ? feedback.querySelector(".sn-q__verdict") : legend;
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
    }
  };

  // The verdict, and once the answer is settled, why each choice is right or wrong.
  Quiz.prototype.explain = function (feedback, question, status, multiple) {
    var verdict;
    if (status.right) {
      verdict = status.tries.length === 1 ? "Correct." : "Correct, on try " + status.tries.length +
        " (it counts as missed).";
    } else if (status.settled) {
      verdict = "The answer is shown; this one counts as missed.";
    } else {
      var last = status.tries[status.tries.length - 1].map(function (i) { return "“" + question.c[i] + "”"; });
      verdict = "Not right: " + last.join(" and ") + (last.length > 1 ? " are not both it." : " is not it.") +
        " Try again, or show the answer.";
    }
    feedback.appendChild(el("p", "sn-q__verdict " + (status.right ? "sn-q__verdict--right" : "sn-q__verdict--wrong"),
      verdict));
    if (!status.settled) return;
    feedback.appendChild(el("p", "sn-q__answer", (multiple ? "Answers: " : "Answer: ") +
      question.a.map(function (i) { return question.c[i]; }).join("; ")));
    if (question.e) feedback.appendChild(el("p", "sn-q__explanation", question.e));
    var notes = el("ul", "sn-q__notes");
    (question.cn || []).forEach(function (note, index) {
      if (!note || note === question.e) return;
      var item = el("li", question.a.indexOf(index) !== -1 ? "sn-q__note--right" : "sn-q__note--wrong");
      item.appendChild(el("strong", "", question.c[index] + ": "));
      item.appendChild(document.createTextNode(note));
      notes.appendChild(item);
    });
    if (notes.childNodes.length) feedback.appendChild(notes);
    feedback.appendChild(sources(question));
  };

  Quiz.prototype.renderBody = function (focus) {
    this.body.textContent = "";
    if (this.view === "result") this.renderResult(focus);
    else this.renderQuestion(focus);
  };

  // A question answered right or shown: the explanation shows on it; the last one settled records the attempt.
  Quiz.prototype.settled = function (id) {
    var status = this.status(id);
    if (this.options.kind !== "service") remember(this.key, id, status.firstRight);
    if (this.score().settled === this.attempt.ids.length) this.record();
    save("quiz:" + this.key, this.attempt);
    this.withWhy(this.renderBody.bind(this, true));
  };

  Quiz.prototype.go = function (index) {
    this.attempt.at = index;
    this.view = "question";
    save("quiz:" + this.key, this.attempt);
    this.renderBody(true);
  };

  // The next question not yet settled (after this one, then from the start), or the score.
  Quiz.prototype.next = function (index) {
    var ids = this.attempt.ids;
    for (var step = 1; step <= ids.length; step++) {
      var at = (index + step) % ids.length;
      if (!this.status(ids[at]).settled) return this.go(at);
    }
    this.finish();
  };

  // A finished attempt joins the history (date, score, per-category result) once.
  Quiz.prototype.record = function () {
    if (this.attempt.recorded) return;
    var score = this.score();
    var history = load("history", []);
    history.push({ when: new Date().toISOString(), what: this.options.label, right: score.right,
      total: score.total, categories: score.categories });
    save("history", history.slice(-HISTORY_KEPT));
    this.attempt.recorded = true;
  };

  Quiz.prototype.finish = function () {
    this.record();
    this.view = "result";
    save("quiz:" + this.key, this.attempt);
    this.renderBody(true);
  };

  Quiz.prototype.renderResult = function (focus) {
    var self = this;
    var score = this.score();
    this.updateLine();
    var result = el("div", "sn-quiz__result");
    var heading = el("h2", "sn-quiz__score", "Your score: " + score.right + " of " + score.total + " (" +
      percent(score.right, score.total) + "%)");
    heading.id = "sn-quiz-score";
    result.appendChild(heading);
    result.appendChild(el("p", "", "Right on the first try counts; answers shown or found on a later try do not. " +
      "The attempt is in your history on the Practice page."));
    var labels = Object.keys(score.categories);
    if (labels.length > 1) {
      var table = el("table", "sn-quiz__categories");
      var head = el("tr");
      head.appendChild(el("th", "", "Category"));
      head.appendChild(el("th", "", "Right"));
      table.appendChild(el("thead")).appendChild(head);
      var body = table.appendChild(el("tbody"));
      labels.forEach(function (label) {
        var row = el("tr");
        row.appendChild(el("td", "", label));
        var counts = score.categories[label];
        row.appendChild(el("td", "", counts[0] + " of " + counts[1]));
        body.appendChild(row);
      });
      result.appendChild(table);
    }
    result.appendChild(el("h3", "", "Review"));
    var list = el("ol", "sn-quiz__review");
    this.attempt.ids.forEach(function (id, index) {
      var question = self.byId[id];
      var status = self.status(id);
      var item = el("li", status.firstRight ? "sn-review--right" : "sn-review--wrong");
      item.setAttribute("data-sn-question", id);
      item.appendChild(el("p", "sn-q__prompt", question.q));
      var first = status.tries[0];
      item.appendChild(el("p", "sn-review__picked", first ? (status.firstRight ? "✓ You picked: " : "✗ You picked: ") +
        first.map(function (i) { return question.c[i]; }).join("; ") : "✗ No answer given."));
      if (!status.firstRight) {
        item.appendChild(el("p", "sn-review__answer", "Answer: " +
          question.a.map(function (i) { return question.c[i]; }).join("; ")));
      }
      var links = sources(question);
      var open = el("button", "sn-review__why", "See why");
      open.type = "button";
      open.setAttribute("aria-label", "See why: question " + (index + 1));
      open.addEventListener("click", function () { self.go(index); });
      links.insertBefore(document.createTextNode(" · "), links.firstChild);
      links.insertBefore(open, links.firstChild);
      item.appendChild(links);
      list.appendChild(item);
    });
    result.appendChild(list);
    this.body.appendChild(result);
    if (focus) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
  };

  /* A category page quizzes either a draw from its category or, for #service-<id>, every question on
     one service, loaded from that service's own data file (a script, which also loads from disk).
     The practice exam's bank is a script too (practice/exam-bank.js sets window.snStudyExamBank). */
  var serviceQuestions = {};
  window.snStudyService = function (id, questions) { serviceQuestions[id] = questions; };

  var activeQuiz = null; // the quiz on the page: a new one (after a hash change) stops the old one's timer

  function startQuiz(root) {
    if (activeQuiz) window.clearInterval(activeQuiz.interval);
    var match = /^#service-(.+)$/.exec(window.location.hash);
    var serviceLink = match && root.parentNode.querySelector('[data-sn-service="' + match[1] + '"]');
    var key = root.getAttribute("data-sn-key");
    var title = root.getAttribute("data-sn-title");
    if (!serviceLink) {
      var data = window.snStudyExamBank || inlineData();
      if (!data) return;
      activeQuiz = new Quiz(root, data, { key: key, kind: root.getAttribute("data-sn-quiz"), label: title,
        draw: parseInt(root.getAttribute("data-sn-draw"), 10), why: root.getAttribute("data-sn-why") });
      return;
    }
    var id = match[1];
    var show = function () {
      var name = "Quiz: " + serviceLink.getAttribute("data-sn-name");
      activeQuiz = new Quiz(root, { questions: serviceQuestions[id] }, { key: key + "/" + id, kind: "service", title: name,
        label: name });
    };
    if (serviceQuestions[id]) return show();
    var script = document.createElement("script");
    script.src = serviceLink.getAttribute("data-sn-data");
    script.onload = show;
    document.body.appendChild(script);
  }

  /* --- flashcards: FSRS ------------------------------------------------------------------------ */

  var GRADES = [["Again", 1], ["Hard", 2], ["Good", 3], ["Easy", 4]]; // label, FSRS.Rating value and key

  function scheduleState() {
    return load("cards", {}); // card id -> the FSRS card (due, stability, difficulty, ...), as JSON
  }

  function interval(from, to) {
    var minutes = Math.max(1, Math.round((to - from) / 60000));
    if (minutes < 60) return minutes + " min";
    if (minutes < 1440) return Math.round(minutes / 60) + " h";
    var days = Math.round(minutes / 1440);
    return days < 31 ? days + " d" : days < 365 ? Math.round(days / 30) + " mo" : Math.round(days / 365) + " y";
  }

  function Cards(root, cards) {
    this.root = root;
    this.cards = cards;
    this.scheduler = window.FSRS.fsrs({ enable_fuzz: false });
    this.state = scheduleState();
    this.reviewAll = false;
    this.render();
  }

  Cards.prototype.fsrsCard = function (card, now) {
    var saved = this.state[card.id];
    return saved ? window.FSRS.TypeConvert.card(saved) : window.FSRS.createEmptyCard(now);
  };

  /* Cards due now, earliest first, then new cards in the data's order (must-know first). The card just
     graded is never next while another is there, so a card graded Again does not come straight back. */
  Cards.prototype.queue = function (now) {
    var self = this;
    var due = [];
    var fresh = [];
    var later = [];
    this.cards.forEach(function (card) {
      var saved = self.state[card.id];
      if (!saved) fresh.push(card);
      else if (new Date(saved.due) <= now) due.push(card);
      else later.push(card);
    });
    var byDue = function (a, b) { return new Date(self.state[a.id].due) - new Date(self.state[b.id].due); };
    due.sort(byDue);
    var queue = due.concat(fresh);
    if (this.reviewAll) queue = queue.concat(later.sort(byDue));
    var last = load("cards:last", null);
    if (queue.length > 1 && queue[0].id === last) queue.push(queue.shift());
    return { queue: queue, due: due.length, fresh: fresh.length, later: later.length };
  };

  Cards.prototype.render = function (focus) {
    var self = this;
    var now = new Date();
    var found = this.queue(now);
    this.root.textContent = "";
    var counts = el("p", "sn-flashcards__counts");
    counts.setAttribute("role", "status");
    [["due", found.due + " due"], ["new", found.fresh + " new"], ["later", found.later + " later"]]
      .forEach(function (part, index) {
        if (index) counts.appendChild(document.createTextNode(" · "));
        var span = el("span", "", part[1]);
        span.setAttribute("data-sn-count", part[0]);
        counts.appendChild(span);
      });
    this.root.appendChild(counts);
    var box = el("section", "sn-card");
    box.setAttribute("aria-label", "Flashcard");
    this.root.appendChild(box);
    if (!found.queue.length) {
      this.current = null;
      box.appendChild(el("p", "sn-flashcards__done", "All caught up: no card is due now."));
      var all = button("Review all cards anyway", "", function () { self.reviewAll = true; self.render(true); });
      box.appendChild(all);
      if (focus) all.focus({ preventScroll: true });
      return;
    }
    var card = found.queue[0];
    this.current = card;
    var fsrsCard = this.fsrsCard(card, now);
    box.setAttribute("data-sn-card", card.id);
    var meta = [this.state[card.id] ? "Review" : "New card"];
    if (card.r) meta.push("situation → service");
    if (card.m) meta.push("must know");
    if (card.lv === "beyond") meta.push("beyond the exam");
    box.appendChild(el("p", "sn-card__meta", meta.join(" · ")));
    box.appendChild(el("p", "sn-card__front", card.f));
    var actions = el("div", "sn-card__actions");
    var reveal = button("Show answer", "sn-button--primary sn-card__reveal", function () { self.reveal(); });
    actions.appendChild(reveal);
    var preview = this.scheduler.repeat(fsrsCard, now);
    var grades = GRADES.map(function (grade) {
      var next = preview[grade[1]].card.due;
      var gradeButton = button(grade[0], "sn-card__grade sn-card__grade--" + grade[0].toLowerCase(),
        function () { self.grade(grade[1]); });
      gradeButton.appendChild(el("span", "sn-card__when", interval(now, next)));
      gradeButton.setAttribute("aria-label", grade[0] + ", next in " + interval(now, next) + " (key " + grade[1] + ")");
      gradeButton.hidden = true;
      actions.appendChild(gradeButton);
      return gradeButton;
    });
    box.appendChild(actions);
    var back = el("div", "sn-card__back");
    back.hidden = true;
    back.appendChild(el("p", "sn-card__value", card.b));
    if (card.d) back.appendChild(el("p", "sn-card__details", card.d));
    back.appendChild(sources({ n: card.n, nl: card.nl || card.f, s: card.s }));
    box.appendChild(back);
    this.parts = { back: back, reveal: reveal, grades: grades, fsrsCard: fsrsCard };
    this.swipe(box);
    if (focus) reveal.focus({ preventScroll: true });
  };

  Cards.prototype.reveal = function () {
    if (!this.current || !this.parts.back.hidden) return;
    this.parts.back.hidden = false;
    this.parts.reveal.hidden = true;
    this.parts.grades.forEach(function (grade) { grade.hidden = false; });
    this.parts.grades[2].focus({ preventScroll: true });
  };

  Cards.prototype.grade = function (rating) {
    if (!this.current || this.parts.back.hidden) return;
    var record = this.scheduler.next(this.parts.fsrsCard, new Date(), rating);
    this.state[this.current.id] = record.card;
    save("cards", this.state);
    save("cards:last", this.current.id);
    this.render(true);
  };

  // Touch: swipe left for Again, right for Good (once the answer shows; a swipe before shows it).
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
      else self.grade(dx > 0 ? 3 : 1);
    });
  };

  Cards.prototype.key = function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
    if ((event.key === " " || event.key === "Enter") && target.tagName !== "BUTTON" && target.tagName !== "A") {
      event.preventDefault();
      this.reveal();
    } else if (/^[1-4]$/.test(event.key)) {
      this.grade(parseInt(event.key, 10));
    }
  };

  /* --- "Your progress": the history of finished attempts, flashcards due, and reset ----------------- */

  function progress(root) {
    root.textContent = "";
    var history = load("history", []);
    root.appendChild(el("h3", "", "Finished attempts"));
    if (!history.length) {
      root.appendChild(el("p", "sn-progress__empty", "None yet: finish a practice exam or a quiz and it is kept here."));
    } else {
      // A list, not a table: one attempt per item reads at 375 px without squeezed columns.
      var list = el("ul", "sn-progress__history");
      history.slice().reverse().forEach(function (entry) {
        var item = el("li");
        var when = new Date(entry.when);
        item.appendChild(el("strong", "sn-history__score", entry.right + " of " + entry.total + " (" +
          percent(entry.right, entry.total) + "%)"));
        item.appendChild(document.createTextNode(" · "));
        item.appendChild(el("span", "sn-history__what", entry.what || ""));
        if (!isNaN(when)) {
          item.appendChild(document.createTextNode(" · "));
          var time = el("time", "", when.toLocaleDateString([], { day: "numeric", month: "short", year: "numeric" }) +
            ", " + when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }));
          time.dateTime = entry.when;
          item.appendChild(time);
        }
        item.appendChild(el("span", "sn-history__categories", Object.keys(entry.categories || {}).map(function (label) {
          return label + " " + entry.categories[label][0] + "/" + entry.categories[label][1];
        }).join(" · ")));
        list.appendChild(item);
      });
      root.appendChild(list);
    }
    var state = scheduleState();
    var endOfDay = new Date();
    endOfDay.setHours(23, 59, 59, 999);
    var ids = Object.keys(state);
    var due = ids.filter(function (id) { return new Date(state[id].due) <= endOfDay; }).length;
    root.appendChild(el("h3", "", "Flashcards"));
    root.appendChild(el("p", "sn-progress__cards", ids.length ? due + " of the " + ids.length +
      " cards you have studied are due today." : "You have not studied a flashcard yet."));

    var reset = el("div", "sn-reset");
    var ask = button("Reset all my answers, history and flashcards", "sn-reset__ask");
    var confirmBox = el("div", "sn-reset__confirm");
    confirmBox.hidden = true;
    confirmBox.appendChild(el("p", "", "Delete your answers, your history and your flashcard schedule from this " +
      "browser? This cannot be undone."));
    var yes = button("Yes, reset", "sn-reset__yes");
    var no = button("Cancel", "sn-reset__no");
    confirmBox.appendChild(yes);
    confirmBox.appendChild(no);
    var done = el("p", "sn-reset__status");
    done.setAttribute("role", "status");
    ask.addEventListener("click", function () {
      confirmBox.hidden = false;
      ask.hidden = true;
      no.focus();
    });
    no.addEventListener("click", function () {
      confirmBox.hidden = true;
      ask.hidden = false;
      ask.focus();
    });
    yes.addEventListener("click", function () {
      var keys = [];
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf("sn-study-") === 0) keys.push(key);
      }
      keys.forEach(function (key) { localStorage.removeItem(key); });
      progress(root);
      root.querySelector(".sn-reset__status").textContent = "Your study progress in this browser is cleared.";
    });
    reset.appendChild(ask);
    reset.appendChild(confirmBox);
    reset.appendChild(done);
    root.appendChild(reset);
  }

  function start() {
    var quiz = document.querySelector("[data-sn-quiz]");
    if (quiz) {
      startQuiz(quiz);
      window.addEventListener("hashchange", function () { startQuiz(quiz); });
    }
    var cardsRoot = document.querySelector("[data-sn-cards]");
    if (cardsRoot && window.FSRS) {
      var cards = new Cards(cardsRoot, inlineData() || []);
      document.addEventListener("keydown", function (event) { cards.key(event); });
    }
    var progressRoot = document.querySelector("[data-sn-progress]");
    if (progressRoot) progress(progressRoot);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
