/*
 * The shapes the runtime's type-checked files share, for TypeScript (`tsc -p .`, see tsconfig.json); nothing here
 * ships. Each runtime file is a classic script that adds one namespace to the global CourseRuntime. The checked
 * files (the page wiring) export their namespace for node tests, so their types come from their own JSDoc
 * (`typeof import`); the runtime files not checked yet are declared here as far as the page wiring uses them, so
 * that checking the page wiring does not check them too.
 */

declare namespace CourseRuntime {
  /** The global namespace, filled in script order (course/render.py `runtime_scripts`). */
  interface Namespace {
    logic: typeof import('./logic.js');
    store: typeof import('./store.js');
    views: typeof import('./views.js');
    frame: typeof import('./frame.js');
    app: typeof import('./app.js');
    tracker: { create(opts: TrackerOptions): Tracker };
    language: { choose(o: { lms?: string | null; browser?: string | readonly string[]; fallback?: string; available: string[] }): string | null };
    locales: { load(doc: Document, tag: string): Promise<HTMLElement> };
  }

  // -- The course, as the page's config JSON has it (course/render.py `runtime_config`).
  interface Question {
    type: string; // single, multiple, true-false, sequencing, matching
    choices: string[]; // option ids in source order (matching: each premise's target has its id)
    correct: string[];
    lesson?: string;
  }

  interface Config {
    id?: string;
    locales?: unknown[];
    sourceLocale?: string;
    passingScore?: number; // percent, 0..100
    lessons: string[];
    checks?: Record<string, string[]>; // question ids by lesson
    assessment: string[];
    questions: Record<string, Question>;
    package?: string; // unique to the package: keys its record in browser storage
    scripts?: Record<string, string>; // each further language's script, by code: its sha384 integrity
  }

  // -- Answers (see CourseRuntime.logic).
  /** The form controls of a question: checked choice ids, or the select value per item. */
  interface FormState {
    picked?: string[];
    slots?: Record<string, string>;
  }

  /** A neutral answer (source-order indexes), or the message key for what is missing. */
  type Answer =
    | { value: number[]; error?: undefined }
    | { error: 'needAnswer' | 'needPositions' | 'needMatches'; value?: undefined };

  interface Grade {
    ok: boolean;
    result: 'correct' | 'incorrect' | 'partly';
    rows: Record<string, string>; // choice id -> correct, incorrect, missed
    feedback: string[]; // the choice ids whose feedback shows
  }

  /** The order of one attempt: questions, and the options of each question that is shuffled. */
  interface Order {
    questions: string[];
    choices: Record<string, string[]>;
  }

  // -- The page.
  /** The window the page runs in (globalThis in a browser). */
  type Win = typeof globalThis;

  /** One language's part of the page. */
  interface Locale {
    tag: string;
    el: HTMLElement;
    strings: Record<string, unknown>; // message key -> text, or texts by plural category
  }

  /** What the learner sees (CourseRuntime.store). */
  interface PageState {
    locale: string | null;
    wanted: string | null;
    view: string | null;
    resume: string | null;
    notice: { base: string | null; problem: string | null };
    attempt: { seed: number; order: Order | null; started: boolean; shownAt: number; first: Record<string, number> };
    results: { order: Order; answers: Record<string, number[]> } | null;
    missing: string[];
    exited: boolean;
  }

  /** Read-only all the way down: the page state as everything but the store sees it. */
  type Frozen<T> = { readonly [K in keyof T]: T[K] extends object ? Frozen<T[K]> : T[K] };

  type Store = ReturnType<typeof import('./store.js')['create']>;
  type Formatters = ReturnType<typeof import('./logic.js')['formatters']>;

  /** What the page's parts are made with (CourseRuntime.frame, CourseRuntime.views): made once by app.js. */
  interface Page {
    win: Win;
    doc: Document;
    config: Config;
    tags: string[]; // the shipped languages, the launch page's first
    store: Store;
    tracker: Tracker;
    fmt: Formatters;
    /** The tracker's state now. */
    state(): TrackerState;
    /** Wrap an event handler so that nothing it does reaches the learner as an error. */
    safe<A extends any[]>(name: string, fn: (...args: A) => unknown): (...args: A) => any;
    /** Say on the console what went wrong, for whoever looks. */
    warn(message: string, e?: unknown): void;
    /** The JSON an element of the page holds, or null. */
    readJson(el: Element | null): any;
  }

  // -- The tracker (course/runtime/tracker.js), as far as the page uses it.
  interface TrackerOptions {
    courseId: string;
    packageId?: string;
    shape: { lessons: string[]; checks: { id: string; options: number }[]; assessment: { id: string; options: number }[] };
    passingScore: number; // a fraction, 0..1
    locales: string[];
    defaultLocale: string;
  }

  /** The tracker's snapshot (tracker.state(), tracker.start()); empty when it could not give one. */
  interface TrackerState {
    mode?: 'lms' | 'local' | 'memory';
    lmsMode?: string;
    resumed?: boolean;
    bookmark?: string;
    learnerName?: string;
    view?: string | null;
    locale?: string;
    seen?: string[];
    checks?: Record<string, number[]>;
    answers?: Record<string, number[]>;
    attempt?: number;
    best?: number | null;
    last?: number | null;
    seed?: number;
    passingScore?: number; // a fraction, 0..1
    passed?: boolean;
    finished?: boolean;
  }

  /** A problem saving progress, or saving working again (tracker.onSaveProblem). */
  interface SaveProblem {
    kind?: 'initialize' | 'storage' | 'terminate' | string;
    recovered?: boolean;
  }

  interface Tracker {
    start(): TrackerState | null;
    state(): TrackerState | null;
    onSaveProblem(cb: (p: SaveProblem) => void): void;
    visit(view: string): boolean;
    lessonSeen(lesson: string): boolean;
    answerCheck(qid: string, value: number[]): boolean;
    startAttempt(seed?: number): number;
    draftAssessment(qid: string, value: number[]): boolean;
    answerAssessment(
      question: ReturnType<typeof import('./logic.js')['trackerQuestion']>,
      value: number[],
      extra?: { shownAt?: number; answeredAt?: number; description?: string },
    ): boolean;
    scoreAssessment(correct: number, total: number): { percent: number; best: number | null; passed: boolean; passingScore: number };
    setLocale(tag: string): boolean;
    exit(): boolean;
  }
}

declare var CourseRuntime: CourseRuntime.Namespace;
