import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  type AnyChildSpec,
  checkChildSpecs,
  ChildNotFoundError,
  dynamicSupervisor,
  getChildSpec,
  NoProcError,
  SpawnError,
  startChild,
  supervisor,
  terminateChild,
  whichChildren,
} from "../../mod.ts";
import { TestKit } from "../../testing.ts";
import { control, otpChild, which } from "./_otp_child.ts";

// Ports of OTP's supervisor_SUITE cases on child specs and supervisor flags:
// the sup_start_map group (sup_start_map, sup_start_map_simple,
// sup_start_map_faulty_specs) and child_specs (sup_flags is in
// otp_suite_flags_test.ts). OTP answers
// `{error, {start_spec, Reason}}` / `{error, {supervisor_data, Reason}}`
// from start_link; a supervisor defined from options checks them when it is
// defined (TypeError / RangeError naming the spec and the field), one whose
// options come from an init function when it starts (the start rejects with
// a SpawnError whose cause is that error). A spec has no `type` or `modules`
// key (a supervisor child is recognised by its definition), so OTP's
// invalid_child_type, invalid_modules and invalid_module have no counterpart.

const ctl = control();
const args = { id: "child", ctl };

describe("OTP supervisor_SUITE: sup_start_map", () => {
  test("sup_start_map: get_childspec reads back the full spec with its defaults; an unknown id is not_found", async () => {
    await using kit = new TestKit();
    const child3Sup = supervisor({ children: [] });
    const sup = await kit.system.start(
      supervisor({
        children: [
          { id: "child1", start: otpChild, args },
          { id: "child2", start: otpChild, args, shutdown: "brutal" },
          { id: "child3", start: child3Sup },
        ],
      }),
      { name: "sup_test" },
    );
    assert.deepEqual(getChildSpec(sup, "child1"), {
      id: "child1",
      start: otpChild,
      args,
      restart: "permanent",
      shutdown: 5000,
      significant: false,
      mailOnRestart: "keep",
      type: "worker",
    });
    assert.deepEqual(getChildSpec(sup, "child2"), {
      id: "child2",
      start: otpChild,
      args,
      restart: "permanent",
      shutdown: "brutal",
      significant: false,
      mailOnRestart: "keep",
      type: "worker",
    });
    assert.deepEqual(getChildSpec(sup, "child3"), {
      id: "child3",
      start: child3Sup,
      restart: "permanent",
      shutdown: "infinity",
      significant: false,
      mailOnRestart: "keep",
      type: "supervisor",
    });
    assert.throws(
      () => getChildSpec(sup, "child4"),
      (e) =>
        e instanceof ChildNotFoundError && e.id === "child4" &&
        e.path === "/sup_test",
    );
    await sup.stop();
    assert.throws(() => getChildSpec(sup, "child1"), NoProcError);
  });

  test("sup_start_map: a supervisor child that is down still lists shutdown infinity (its default)", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(
      supervisor({
        children: [{ id: "child3", start: supervisor({ children: [] }) }],
      }),
      { name: "sup_test" },
    );
    assert.equal(whichChildren(sup)[0].shutdown, "infinity");
    await terminateChild(sup, "child3");
    assert.deepEqual(which(sup), [["child3", "undefined"]]);
    assert.equal(whichChildren(sup)[0].shutdown, "infinity");
  });

  test("sup_start_map_simple: every template child reads back the template's spec; a ref that is no child is not_found", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(
      dynamicSupervisor({
        template: { start: otpChild, args, restart: "temporary" },
      }),
      { name: "sup_test" },
    );
    const children = [
      (await startChild(sup))!,
      (await startChild(sup))!,
      (await startChild(sup))!,
    ];
    for (const child of children) {
      assert.deepEqual(getChildSpec(sup, child), {
        id: child.name,
        start: otpChild,
        // A temporary child's start arguments are not kept (OTP keeps
        // `{M, F, undefined}` for it).
        args: undefined,
        restart: "temporary",
        shutdown: 5000,
        significant: false,
        mailOnRestart: "keep",
        type: "worker",
      });
      assert.deepEqual(getChildSpec(sup, child.name), getChildSpec(sup, child));
    }
    const stranger = kit.system.spawn(supervisor({ children: [] }), {
      name: "stranger",
    });
    assert.throws(() => getChildSpec(sup, stranger), ChildNotFoundError);
    await sup.stop();
  });

  test("sup_start_map_faulty_specs: a missing id, a missing start or a spec that is no spec fail; unknown keys are allowed", async () => {
    await using kit = new TestKit();
    const child1 = { start: otpChild, args } as unknown as AnyChildSpec;
    const child2 = { id: "child2" } as unknown as AnyChildSpec;
    const child3 = {
      id: "child3",
      start: otpChild,
      args,
      silly_flag: true,
    } as AnyChildSpec;
    const child4 = "child4" as unknown as AnyChildSpec;
    const missingId = {
      name: "TypeError",
      message:
        "Invalid child spec in supervisor options: id must be a non-empty string",
    };
    const missingStart = {
      name: "TypeError",
      message:
        'Invalid child spec "child2" in supervisor options: start must be an actor definition',
    };
    const notASpec = {
      name: "TypeError",
      message: "Invalid child spec in supervisor options: must be an object",
    };
    // Defined from options: checked when defined.
    assert.throws(() => supervisor({ children: [child1] }), missingId);
    assert.throws(() => supervisor({ children: [child2] }), missingStart);
    assert.throws(() => supervisor({ children: [child4] }), notASpec);
    const sup = await kit.system.start(supervisor({ children: [child3] }), {
      name: "sup_test",
    });
    assert.deepEqual(which(sup), [["child3", "running"]]);
    await sup.stop();
    // From an init function, as OTP's init/1 returns them: the start fails.
    for (
      const [spec, expected] of [[child1, missingId], [child2, missingStart], [
        child4,
        notASpec,
      ]] as const
    ) {
      await assert.rejects(
        kit.system.start(supervisor(() => ({ children: [spec] })), {
          name: "sup_test",
        }),
        (e) => {
          assert.ok(e instanceof SpawnError);
          assert.ok(e.cause instanceof TypeError);
          assert.equal(e.cause.message, expected.message);
          return true;
        },
      );
      assert.equal(kit.system.lookup("/sup_test"), undefined);
    }
    const started = await kit.system.start(
      supervisor(() => ({ children: [child3] })),
      { name: "sup_test" },
    );
    assert.deepEqual(which(started), [["child3", "running"]]);
  });
});

describe("OTP supervisor_SUITE: child_specs", () => {
  const m = otpChild;
  const b1 = { id: "child", start: "mfa" } as unknown as AnyChildSpec;
  const b2 = {
    id: "child",
    start: m,
    restart: "prmanent",
  } as unknown as AnyChildSpec;
  const b3 = { id: "child", start: m, shutdown: -10 } as AnyChildSpec;
  const c1 = {
    id: "child",
    start: supervisor({ children: [] }),
    shutdown: "infinity",
  } as AnyChildSpec;
  const c2 = {
    id: "child",
    start: supervisor({ children: [] }),
    shutdown: 1000,
  } as AnyChildSpec;
  const c3 = {
    id: "child",
    start: m,
    restart: "temporary",
    shutdown: 1000,
  } as AnyChildSpec;
  const c4 = {
    id: "child",
    start: m,
    restart: "transient",
    shutdown: 1000,
  } as AnyChildSpec;
  const c5 = { id: "child", start: m, shutdown: "infinity" } as AnyChildSpec;

  test("child_specs: start_child refuses a bad spec with the error naming the field, and stores nothing", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    const where = 'supervisor "/sup_test"';
    await assert.rejects(
      startChild(sup, "hej" as unknown as AnyChildSpec),
      TypeError,
    );
    await assert.rejects(startChild(sup, b1), {
      name: "TypeError",
      message:
        `Invalid child spec "child" in ${where}: start must be an actor definition`,
    });
    await assert.rejects(startChild(sup, b2), {
      name: "RangeError",
      message:
        `Invalid child spec "child" in ${where}: unknown restart policy "prmanent"`,
    });
    await assert.rejects(startChild(sup, b3), {
      name: "RangeError",
      message:
        `Invalid child spec "child" in ${where}: shutdown must be a non-negative number, "brutal" or "infinity", got "-10"`,
    });
    assert.deepEqual(which(sup), []);
    await sup.stop();
  });

  test("child_specs: check_childspecs validates without starting, naming the spec and the field", () => {
    assert.throws(() => checkChildSpecs(b1 as unknown as AnyChildSpec[]), {
      name: "TypeError",
      message: 'Invalid child specs: must be an array, got "[object Object]"',
    });
    assert.throws(() => checkChildSpecs([b1]), {
      name: "TypeError",
      message:
        'Invalid child spec "child" in child specs (index 0): start must be an actor definition',
    });
    assert.throws(() => checkChildSpecs([c3, b2]), {
      name: "RangeError",
      message:
        'Invalid child spec "child" in child specs (index 1): unknown restart policy "prmanent"',
    });
    assert.throws(() => checkChildSpecs([b3]), {
      name: "RangeError",
      message:
        'Invalid child spec "child" in child specs (index 0): shutdown must be a non-negative number, "brutal" or "infinity", got "-10"',
    });
    for (const good of [c1, c2, c3, c4, c5]) {
      assert.equal(checkChildSpecs([good]), undefined);
    }
    assert.throws(() => checkChildSpecs([c1, c2]), {
      name: "TypeError",
      message:
        'Invalid child spec "child" in child specs (index 1): duplicate child id',
    });
  });

  test("child_specs: check_childspecs checks the other keys too, and significant against an autoShutdown", () => {
    const spec = (extra: object) =>
      ({ id: "w", start: m, ...extra }) as AnyChildSpec;
    const bad: [object, string, string][] = [
      [
        { restart: "transient", significant: "yes" },
        "TypeError",
        'significant must be a boolean, got "yes"',
      ],
      [
        { significant: true },
        "RangeError",
        "a permanent child cannot be significant",
      ],
      [
        { mailOnRestart: "lose" },
        "RangeError",
        'mailOnRestart must be "keep" or "drop", got "lose"',
      ],
      [{ mailbox: 3 }, "TypeError", 'mailbox must be an object, got "3"'],
      [
        { mailbox: { capacity: 0 } },
        "RangeError",
        'mailbox.capacity must be a positive integer, got "0"',
      ],
      [
        { mailbox: { overflow: "spill" } },
        "RangeError",
        'unknown mailbox.overflow policy "spill"',
      ],
      [
        { register: "" },
        "TypeError",
        'register must be a non-empty string, got ""',
      ],
    ];
    for (const [extra, name, detail] of bad) {
      assert.throws(() => checkChildSpecs([spec(extra)], "any-significant"), {
        name,
        message: `Invalid child spec "w" in child specs (index 0): ${detail}`,
      });
    }
    const significant = spec({ restart: "transient", significant: true });
    assert.throws(() => checkChildSpecs([significant]), {
      name: "RangeError",
      message:
        'Invalid child spec "w" in child specs (index 0): a significant child needs autoShutdown "any-significant" or "all-significant"',
    });
    checkChildSpecs([significant], "all-significant");
    checkChildSpecs([
      spec({
        mailbox: { capacity: 10, overflow: "drop-oldest" },
        register: "w",
      }),
    ]);
  });

  test("child_specs: faulty specs fail the supervisor's definition, a template's too", () => {
    assert.throws(() => supervisor({ children: [b1] }), {
      name: "TypeError",
      message:
        'Invalid child spec "child" in supervisor options: start must be an actor definition',
    });
    assert.throws(
      () => dynamicSupervisor({ template: b2 }),
      {
        name: "RangeError",
        message:
          'Invalid child spec "child" in dynamic supervisor options: unknown restart policy "prmanent"',
      },
    );
  });
});

describe("OTP supervisor_SUITE: child_specs_map", () => {
  const m = otpChild;
  const cs0 = { id: "child", start: m } as AnyChildSpec;
  const bad = (spec: object) => spec as unknown as AnyChildSpec;

  test("child_specs_map: missing keys and bad values are refused by start_child and check_childspecs alike", async () => {
    await using kit = new TestKit();
    const sup = await kit.system.start(supervisor({ children: [] }), {
      name: "sup_test",
    });
    const cases: [AnyChildSpec, string, string][] = [
      [bad({}), "TypeError", "id must be a non-empty string"],
      [bad({ id: "child" }), "TypeError", "start must be an actor definition"],
      [bad({ start: m }), "TypeError", "id must be a non-empty string"],
      [
        bad({ ...cs0, start: "mfa" }),
        "TypeError",
        "start must be an actor definition",
      ],
      [
        bad({ ...cs0, restart: "prmanent" }),
        "RangeError",
        'unknown restart policy "prmanent"',
      ],
      [
        bad({ ...cs0, shutdown: -10 }),
        "RangeError",
        'shutdown must be a non-negative number, "brutal" or "infinity", got "-10"',
      ],
      [
        bad({ ...cs0, significant: "maybe" }),
        "TypeError",
        'significant must be a boolean, got "maybe"',
      ],
    ];
    for (const [spec, name, detail] of cases) {
      const named = typeof spec.id === "string" ? `"${spec.id}" ` : "";
      await assert.rejects(startChild(sup, spec), {
        name,
        message:
          `Invalid child spec ${named}in supervisor "/sup_test": ${detail}`,
      });
      assert.throws(() => checkChildSpecs([spec]), {
        name,
        message:
          `Invalid child spec ${named}in child specs (index 0): ${detail}`,
      });
    }
    assert.deepEqual(which(sup), []);
    await sup.stop();
  });

  test("child_specs_map: every combination of the keys is accepted, except significant with a permanent child or autoShutdown never", () => {
    const autoShutdowns = [
      undefined,
      "never",
      "any-significant",
      "all-significant",
    ] as const;
    const restarts = [
      undefined,
      "permanent",
      "transient",
      "temporary",
    ] as const;
    const shutdowns = [undefined, 0, 1000, "infinity", "brutal"] as const;
    const starts = [m, supervisor({ children: [] })];
    let checked = 0;
    for (const autoShutdown of autoShutdowns) {
      for (const restart of restarts) {
        for (const shutdown of shutdowns) {
          for (const start of starts) {
            for (const significant of [undefined, true, false]) {
              for (const dummy of [undefined, "dummy"]) {
                const spec = Object.fromEntries(
                  Object.entries({
                    id: "child",
                    start,
                    restart,
                    shutdown,
                    significant,
                    dummy,
                  })
                    .filter(([, v]) => v !== undefined),
                ) as unknown as AnyChildSpec;
                const check = () => checkChildSpecs([spec], autoShutdown);
                checked++;
                if (significant !== true) {
                  check();
                } else if ((restart ?? "permanent") === "permanent") {
                  assert.throws(check, {
                    name: "RangeError",
                    message:
                      'Invalid child spec "child" in child specs (index 0): a permanent child cannot be significant',
                  });
                } else if ((autoShutdown ?? "never") === "never") {
                  assert.throws(check, {
                    name: "RangeError",
                    message:
                      'Invalid child spec "child" in child specs (index 0): a significant child needs autoShutdown "any-significant" or "all-significant"',
                  });
                } else {
                  check();
                }
              }
            }
          }
        }
      }
    }
    assert.equal(checked, 4 * 4 * 5 * 2 * 3 * 2);
    assert.throws(() => checkChildSpecs([cs0, cs0]), {
      name: "TypeError",
      message:
        'Invalid child spec "child" in child specs (index 1): duplicate child id',
    });
  });

  test("child_specs_map: autoShutdown never refuses significant children at the supervisor's start", async () => {
    await using kit = new TestKit();
    const significant = {
      ...cs0,
      restart: "transient",
      significant: true,
    } as AnyChildSpec;
    const message =
      'Invalid child spec "child" in supervisor options: a significant child needs autoShutdown "any-significant" or "all-significant"';
    assert.throws(
      () => supervisor({ autoShutdown: "never", children: [significant] }),
      { name: "RangeError", message },
    );
    await assert.rejects(
      kit.system.start(
        supervisor(() => ({ autoShutdown: "never", children: [significant] })),
        { name: "sup_test" },
      ),
      (e) => e instanceof SpawnError && (e.cause as Error).message === message,
    );
  });
});
