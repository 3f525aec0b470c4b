/*
 * The shapes the test LMS's files share, for TypeScript (`tsc -p .`, see tsconfig.json). Each file is a classic
 * script that adds one namespace to the global TestLms and exports it when there is a module system, so its type
 * comes from its own JSDoc (`typeof import`).
 *
 * scorm-again ships its own types (node_modules/scorm-again/dist/types/), but they import folders ('./types'),
 * which this project's module resolution (tsconfig's default, classic) cannot follow; so the little of
 * scorm-again the test LMS uses is declared here.
 */

declare namespace TestLms {
  /** The global namespace, filled in script order (lms.html). */
  interface Namespace {
    calls: typeof import('./calls.js');
    server: typeof import('./server.js');
    moodle: typeof import('./moodle.js');
  }

  // -- scorm-again, as far as the test LMS uses it.
  /** The API methods of SCORM 1.2 (window.API) and SCORM 2004 (window.API_1484_11). */
  type Method =
    | 'LMSInitialize' | 'LMSFinish' | 'LMSGetValue' | 'LMSSetValue' | 'LMSCommit'
    | 'LMSGetLastError' | 'LMSGetErrorString' | 'LMSGetDiagnostic'
    | 'Initialize' | 'Terminate' | 'GetValue' | 'SetValue' | 'Commit'
    | 'GetLastError' | 'GetErrorString' | 'GetDiagnostic';

  /** One method's neutral name, the same in both standards. */
  type Operation =
    | 'initialize' | 'terminate' | 'get_value' | 'set_value' | 'commit'
    | 'get_last_error' | 'get_error_string' | 'get_diagnostic';

  /** scorm-again's flattened CMI: "cmi.core.lesson_status" -> "incomplete". */
  type Flat = Record<string, unknown>;

  interface Api extends Partial<Record<Method, (...args: unknown[]) => string>> {
    lastErrorCode: string;
    cmi: { interactions: { childArray: { type: string }[] } };
    isInitialized(): boolean;
    isTerminated(): boolean;
    on(listenerName: string, callback: (element?: string, value?: unknown) => void): void;
    getFlattenedCMI(): Flat;
    loadFromFlattenedJSON(json: Flat): void;
  }

  type ApiConstructor = new (settings: Record<string, unknown>) => Api;

  /** What scorm-again's HTTP service answers for one commit. */
  interface CommitResult {
    result: string | boolean;
    errorCode: number;
  }

  /** scorm-again's IHttpService: where its commits go. */
  interface HttpService {
    processHttpRequest(
      url: string,
      commitData: Flat,
      immediate: boolean,
      apiLog: unknown,
      processListeners: unknown,
      metadata?: { trigger?: string },
    ): CommitResult;
    updateSettings(): void;
  }

  // -- What the test LMS records, on window.lms (the TypedDicts in tests/browser.py read it).
  interface Call {
    i: number;
    t: number;
    method: Method;
    op: Operation;
    args: unknown[];
    state: 'not_initialized' | 'running' | 'terminated';
    result: string | null;
    error: string | null;
    injected: boolean;
    refused: string | null;
    removed: boolean;
    threw: string | null;
  }

  interface Message {
    t: number;
    level: string;
    message: string;
    after_call: number;
  }

  /** What one of scorm-again's listeners (api.on) saw. */
  interface ListenerEvent {
    t: number;
    event: string;
    element?: string;
    value?: unknown;
  }

  interface Commit {
    i: number;
    t: number;
    terminate: boolean;
    beacon: boolean;
    trigger: string | null;
    after_call: number;
    data: Flat;
  }

  /** One failure injected on cue (see the `failures` parameter in lms.js), with its counters. */
  interface Rule {
    op: Operation;
    elements: string[] | null;
    skip: number;
    times: number | null;
    code: string;
    seen: number;
    fired: number;
  }

  /** One rule as the `failures` query parameter writes it. */
  interface RuleSpec {
    elements?: string | string[];
    skip?: number;
    times?: number | null;
    code?: number | string;
  }

  /** The `failures` query parameter: rules by operation, and when the API goes away. */
  type Failures = { [op: string]: RuleSpec | RuleSpec[] | null } & {
    remove_api?: { after?: number; then?: 'throw' | 'false' };
  };

  /** What the Moodle profile read from the manifest for the item that launches the course. */
  interface ManifestItem {
    identifier: string | null;
    href: string | null;
    masteryscore: string | null;
    objectives: Objective[];
  }

  interface Objective {
    primary: boolean;
    id: string;
    minNormalizedMeasure: string | null;
    moodle: string; // the value Moodle's manifest parser keeps
  }

  /** window.lms: everything a test reads. */
  interface Lms {
    standard: string;
    apiName: string;
    profile: string | null;
    mode: string;
    launch: string;
    calls: Call[];
    messages: Message[];
    events: ListenerEvent[];
    commits: Commit[];
    rules: Rule[];
    initial: Flat;
    api: Api | null;
    apiRemoved: boolean;
    courseWindow: Window | null;
    manifestItem: ManifestItem | null;
    launched: boolean;
    error: string | null;
    cmi(): Flat;
    relaunchData(): Record<string, string>;
    removeApi(): void;
  }

  /** This launch, as each part of the test LMS needs it: record, standard, profile, clock (made by lms.js). */
  interface Session {
    lms: Lms;
    is12: boolean;
    moodle: boolean;
    /** Milliseconds since the LMS page started. */
    now(): number;
    /** Log a message of the test LMS itself, beside scorm-again's own. */
    note(level: string, message: string): void;
    /** The API call scorm-again is answering, while it answers. */
    current: Call | null;
  }
}

interface Window {
  lms: TestLms.Lms;
  TestLms: TestLms.Namespace;
  Scorm12API?: TestLms.ApiConstructor;
  Scorm2004API?: TestLms.ApiConstructor;
}
