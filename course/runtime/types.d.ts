/*
 * The shapes the runtime's type-checked files share, for TypeScript (`tsc -p .`, see tsconfig.json); nothing here
 * ships. Each runtime file is a classic script that adds one namespace to the global CourseRuntime. The checked
 * files export their namespace for node tests, so their types come from their own JSDoc (`typeof import`); what
 * several files share is declared here, and the runtime files not checked yet are declared as far as others use them.
 */

declare namespace CourseRuntime {
  /** The global namespace, filled in script order (course/render.py `runtime_scripts`). */
  interface Namespace {
    logic: typeof import('./logic.js');
    store: typeof import('./store.js');
    views: typeof import('./views.js');
    decisions: typeof import('./decisions.js');
    frame: typeof import('./frame.js');
    parts: typeof import('./parts.js');
    app: typeof import('./app.js');
    local: typeof import('./local.js');
    launch: typeof import('./launch.js');
    commits: typeof import('./commits.js');
    tracker: typeof import('./tracker.js');
    formats: typeof import('./formats.js');
    language: typeof import('./language.js');
    suspend: typeof import('./suspend.js');
    api: typeof import('./api.js');
    lms: typeof import('./lms.js');
    scorm12: typeof import('./scorm12.js');
    scorm2004: typeof import('./scorm2004.js');
    patterns: typeof import('./patterns.js');
    cmi5: typeof import('./cmi5.js');
    locales: typeof import('./locales.js');
  }

  // -- The course, as the page's config JSON has it (course/render.py `runtime_config`).
  interface Question {
    type: string; // single, multiple, true-false, sequencing, matching
    choices: string[]; // option ids in source order (matching: each premise's target has its id)
    correct: string[]; // this and the two below come with the views (ViewKeys); the launch has the rest
    lessons?: string[]; // a check's own lesson, or the lessons of the objectives an assessment question tests
    objectives?: string[]; // the learning objectives an assessment question tests (none for a check)
  }

  /** A learning objective: its id in the LMS, and the lesson that teaches it (its text is in the page). */
  interface Objective {
    id: string;
    lesson: string;
  }

  /** A decision scenario's graph: each step's choices as [choice id, the step or ending it leads to]. */
  interface Decision {
    start: string; // the first step
    depth: number; // the most choices on one path
    steps: Record<string, [string, string][]>;
  }

  /** What the views need of the config beyond the launch (course/render.py VIEW_KEYS), merged in when they arrive. */
  interface ViewKeys {
    questions?: Record<string, Partial<Question>>;
    decisions?: Record<string, Partial<Decision>>;
  }

  interface Config {
    id?: string;
    locales?: unknown[];
    sourceLocale?: string;
    passingScore?: number; // percent, 0..100
    lessons: string[];
    objectives?: Objective[]; // in course order
    checks?: Record<string, string[]>; // question ids by lesson
    assessment: string[];
    questions: Record<string, Question>;
    decisions?: Record<string, Decision>; // the lessons' decision scenarios by id
    reportDecisions?: boolean; // whether the choices reach the LMS as interactions (course.yaml report_decisions)
    package?: string; // unique to the package: keys its record in browser storage
    scripts?: Record<string, string>; // each further language's frame script, by code: its sha384 integrity
    views?: Record<string, string>; // each language's script of its other views, by code: its sha384 integrity
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

  // -- Talking to the LMS (api.js, lms.js, scorm12.js, scorm2004.js) and what it keeps (suspend.js).
  /** The SCORM 1.2 API an LMS puts in a window (window.API). Answers are meant to be strings; nothing trusts that. */
  interface Scorm12Api {
    LMSInitialize(empty: ''): unknown;
    LMSFinish(empty: ''): unknown;
    LMSGetValue(element: string): unknown;
    LMSSetValue(element: string, value: string): unknown;
    LMSCommit(empty: ''): unknown;
    LMSGetLastError(): unknown;
    LMSGetErrorString(code: string): unknown;
    LMSGetDiagnostic(code: string): unknown;
  }

  /** The SCORM 2004 API an LMS puts in a window (window.API_1484_11). */
  interface Scorm2004Api {
    Initialize(empty: ''): unknown;
    Terminate(empty: ''): unknown;
    GetValue(element: string): unknown;
    SetValue(element: string, value: string): unknown;
    Commit(empty: ''): unknown;
    GetLastError(): unknown;
    GetErrorString(code: string): unknown;
    GetDiagnostic(code: string): unknown;
  }

  /** An LMS API found in the window chain (api.find), with its version. */
  type FoundApi = { version: '2004'; api: Scorm2004Api } | { version: '1.2'; api: Scorm12Api };

  /** The eight SCORM calls of one version under neutral names, plus its error vocabulary (scorm12.bind, scorm2004.bind). */
  interface RawApi {
    version: '1.2' | '2004';
    initialize(): unknown;
    terminate(): unknown;
    get(element: string): unknown;
    set(element: string, value: string): unknown;
    commit(): unknown;
    lastError(): unknown;
    errorString(code: number): unknown;
    diagnostic(code: number): unknown;
    /** final: codes that name a problem with the call itself, so retrying cannot help. */
    codes: { final: number[]; notInitialized?: number; alreadyInitialized?: number };
  }

  /** Where the runtime says what went wrong (console by default). */
  interface Logger {
    warn(message: string): void;
  }

  /** setTimeout and clearTimeout, or a test's hand-driven clock. */
  interface Timers {
    setTimeout(fn: () => void, ms: number): unknown;
    clearTimeout(handle: unknown): void;
  }

  /** A save problem the channel reports once per episode (lms.create's onProblem). */
  interface LmsProblem {
    kind: 'set' | 'commit' | 'terminate';
    element: string; // the first value still pending, or ""
    code: number; // the LMS's error code; -1 when the API threw
    text: string;
    recovered: false;
  }

  interface ChannelOptions {
    logger?: Logger;
    timers?: Timers;
    retryDelays?: number[]; // backoff in ms; default lms.DEFAULT_DELAYS
    onProblem?: (p: LmsProblem) => void;
    onRecovered?: () => void;
  }

  /** The checked channel to one LMS API (lms.create). */
  type Channel = ReturnType<typeof import('./lms.js')['create']>;

  /** The most entries the course can have written in each LMS collection: an LMS that claims more is not believed. */
  interface Most {
    objectives: number;
    interactions: number;
  }

  /** What the LMS held for this attempt at launch: nothing lower is written over it. */
  interface HeldRecord {
    completed: boolean;
    success: 'passed' | 'failed' | null;
    score: number | null; // percent
  }

  /** A learning objective as the tracker reports it: what the LMS held, and what this session added. */
  interface ObjectiveRecord extends HeldRecord {
    description?: string | null; // its text (2004 only)
    lang?: string; // the text's language
  }

  /**
   * One assessment answer as an LMS interaction (neutral answers: see formats.js), or a choice in a decision
   * scenario (type "decision": the choice's id as the response, no pattern, no result).
   */
  interface Interaction {
    id: string;
    type: string; // choice, true-false, sequencing, matching, decision
    options?: string[]; // option ids (matching: source ids), for 2004's id-based responses
    targets?: string[]; // matching target ids
    learnerResponse: number[] | boolean | string;
    correctPattern?: number[] | boolean;
    result?: boolean;
    latencyMs?: number;
    timestamp?: Date;
    description?: string; // the question text (2004 only)
    lang?: string; // its language
    objectives?: string[]; // the learning objectives the question tests
  }

  /** A standard's adapter: course events as cmi.* values (scorm12.createAdapter, scorm2004.createAdapter). */
  interface Adapter {
    version: string; // "1.2", "2004" (local.js: "local")
    initialize(): boolean;
    readEntry(): string; // "ab-initio", "resume" or ""
    readBookmark(): string;
    readSuspendData(): string;
    readLearnerName(): string;
    readLanguage(): string;
    readStatus(): string;
    readMode(): string; // "normal", "review" or "browse"
    readCredit(): string; // "credit" or "no-credit"
    readRecord(status: string): HeldRecord;
    readMastery(): number | null; // a fraction, 0..1
    setIncomplete(): boolean;
    setBookmark(view: string): boolean;
    setSuspendData(text: string): boolean;
    setLanguagePreference(tag: string): boolean;
    readObjective(id: string): HeldRecord | null; // what the LMS held for it at launch, if anything
    recordObjective(id: string, r: ObjectiveRecord): boolean;
    recordInteraction(i: Interaction): boolean;
    setScore(raw: number, min: number, max: number): boolean;
    setProgress(fraction: number): boolean;
    setCompletionAndSuccess(completed: boolean, success: 'passed' | 'failed' | null): boolean;
    setSessionTime(ms: number): boolean;
    setExit(kind: 'suspend' | 'normal'): boolean;
    setNavRequest(kind: 'suspend' | 'normal'): boolean;
    commit(): boolean;
    terminate(byExit?: boolean): boolean; // byExit: the learner left by the Exit control
  }

  /** A question of the course shape as suspend data counts it. */
  interface ShapeItem {
    id: string;
    options: number | readonly unknown[]; // the option count, or the option ids
    length?: number; // the most indexes one answer holds (default: options; matching: the source count)
  }

  /** The course's shape: suspend data written for another shape is not read back (suspend.js). */
  interface Shape {
    lessons: string[];
    checks: ShapeItem[];
    assessment: ShapeItem[];
    decisions?: { id: string; depth: number }[]; // each scenario with the most choices on one of its paths
  }

  /** The learner's course state as suspend data keeps it. */
  interface SuspendState {
    view: string;
    seen: string[]; // lesson ids
    checks: Record<string, number[]>; // knowledge-check answers by question id
    answers: Record<string, number[]>; // assessment answers by question id
    attempt: number;
    best: number | null; // percent
    last: number | null;
    locale: string;
    seed: number; // the assessment's shuffle seed
    decisions: Record<string, number[]>; // each decision scenario's path: the index of each choice taken
    tried: string[]; // the scenarios the learner has gone back to the start of (their later paths are not reported)
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

  // -- The tracker (course/runtime/tracker.js, launch.js, local.js).
  interface TrackerOptions {
    courseId: string;
    packageId?: string; // unique to the package: keys its record in browser storage
    shape: Shape;
    passingScore: number; // a fraction, 0..1 (80 is read as 0.8)
    locales: string[]; // the shipped languages
    defaultLocale: string; // the fallback (e.g. "sv")
    standard?: '1.2' | '2004'; // searched for first when both adapters are loaded (as in tests)
    win?: Win;
    now?: () => number; // the clock, in ms
    timers?: Timers;
    retryDelays?: number[]; // backoff in ms for failed LMS calls
    logger?: Logger;
    quietMs?: number; // how long a minor change (visit, draft answer) waits for a commit (3000)
    objectives?: Objective[]; // the learning objectives, in course order: the LMS's objectives
    reportDecisions?: boolean; // report the choices of decision scenarios as interactions (default true)
    /** An objective's text in the language shown, for the LMS (its description); must not throw. */
    describe?: (id: string) => { description: string | null; lang: string } | null;
  }

  /** The adapter a session talks through: a standard's, or local.js's, which says where it keeps progress. */
  type SessionAdapter = Adapter & { mode?(): 'local' | 'memory' };

  /** What CourseRuntime.launch.connect needs to open a session. */
  interface LaunchOptions {
    win: Win;
    logger: Logger;
    timers: Timers;
    retryDelays?: number[];
    standard?: '1.2' | '2004';
    courseId: string;
    packageId?: string;
    most: Most;
    emit(p: SaveProblem): void;
    warn(message: string, e?: unknown): void;
  }

  /** The tracker's snapshot (tracker.state(), tracker.start()); empty when it could not give one. */
  interface TrackerState {
    phase?: 'not-initialized' | 'running' | 'terminating' | 'terminated';
    mode?: 'lms' | 'local' | 'memory';
    version?: string | null; // the adapter's: "1.2", "2004" or "local"
    entry?: string;
    lmsMode?: string;
    credit?: string;
    recording?: boolean; // false in review and browse mode: nothing is written
    exited?: boolean; // by the learner's Exit
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
    decisions?: Record<string, number[]>; // each decision scenario's path
    passingScore?: number; // a fraction, 0..1
    completed?: boolean;
    passed?: boolean;
    finished?: boolean;
    commits?: number; // Commit and Terminate calls so far
    problem?: SaveProblem | null; // the save problem now, if any
  }

  /** A problem saving progress, or saving working again (tracker.onSaveProblem). */
  interface SaveProblem {
    kind?: 'initialize' | 'storage' | 'set' | 'commit' | 'terminate';
    element?: string;
    code?: number;
    text?: string;
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
    /** Keep a decision scenario's path; report `made`, the choice just taken, while it is the learner's first path. */
    decide(sid: string, path: number[], made: { id: string; choice: string; description: string } | null): boolean;
    /** Commit now what is pending (commits happen by themselves). */
    flush(): void;
    exit(): boolean;
    /** End the session as at page dismissal; true when this call ended it. */
    terminate(): boolean;
  }
}

declare var CourseRuntime: CourseRuntime.Namespace;
