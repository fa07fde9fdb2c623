/**
 * Forms of the dashboard's script, generated from a JSON Schema (objects,
 * strings, numbers, integers, booleans, enums, constants, and unions of
 * objects told apart by a constant property, such as `{ type: "add" }`);
 * anything else, or a kind without a schema, gets a JSON text area. Values
 * are checked in the page before sending, and the server's validation
 * message is shown in the form. Spliced into the page script by
 * `_dashboard_js.ts`.
 *
 * @module
 */

/** The form functions of the page script. */
export const DASHBOARD_FORMS_JS: string = String.raw`
  function schemaOf(kind, which) {
    if (!kind) return null;
    const candidates = [
      kind.schemas && kind.schemas[which],
      kind[which + "Schema"],
      kind.jsonSchema && kind.jsonSchema[which],
      typeof kind[which] === "object" ? kind[which] : null,
    ];
    for (const c of candidates) if (c && typeof c === "object" && !Array.isArray(c)) return c;
    return null;
  }

  function accepts(kind, which) {
    if (!kind) return false;
    if (schemaOf(kind, which)) return true;
    return kind[which] === true || (which === "message" && kind.tell === true);
  }

  let formSeq = 0;

  /** A form control for a schema; "read" returns { value, present, errors }. */
  function fieldFor(schema, label, path, required) {
    const id = "f" + (++formSeq);
    const errorId = id + "-error";
    const error = h("p", { class: "field-error", id: errorId, "data-testid": "field-error" });
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
    const title = label + (required ? "" : " (optional)");
    const help = schema.description ? h("span", { class: "muted" }, " \u2014 " + schema.description) : null;
    const fields = [];
    const showError = (control, message) => {
      error.textContent = message || "";
      if (control) control.setAttribute("aria-invalid", message ? "true" : "false");
    };

    if (schema.const !== undefined) {
      return { node: h("div", {}, [h("label", {}, [title, ": ", h("code", {}, JSON.stringify(schema.const))])]),
        read: () => ({ value: schema.const, present: true, errors: [] }), fields };
    }
    const variants = schema.oneOf || schema.anyOf;
    if (Array.isArray(variants) && variants.length && variants.every((v) => v && v.properties)) {
      return unionField(variants, label, path, required, fields);
    }
    if (Array.isArray(schema.enum)) {
      const select = h("select", { id, "aria-describedby": errorId },
        [required ? null : h("option", { value: "" }, "\u2013")].concat(
          schema.enum.map((v, i) => h("option", { value: String(i) }, typeof v === "string" ? v : JSON.stringify(v))),
        ));
      const read = () => {
        const present = select.value !== "";
        const errors = required && !present ? [[path, "is required"]] : [];
        showError(select, errors.length ? errors[0][1] : "");
        return { value: present ? schema.enum[Number(select.value)] : undefined, present, errors };
      };
      fields.push({ path, showError: (m) => showError(select, m) });
      return { node: h("div", {}, [h("label", { for: id }, [title, help]), select, error]), read, fields };
    }
    if (type === "object" && schema.properties) {
      const req = Array.isArray(schema.required) ? schema.required : [];
      const children = Object.entries(schema.properties).map(([name, sub]) =>
        [name, fieldFor(sub || {}, name, path ? path + "." + name : name, req.includes(name))]
      );
      for (const [, child] of children) fields.push(...child.fields);
      const body = children.map(([, child]) => child.node);
      const node = path ? h("fieldset", {}, [h("legend", {}, title)].concat(body)) : h("div", {}, body);
      const read = () => {
        const value = {};
        const errors = [];
        let any = false;
        for (const [name, child] of children) {
          const r = child.read();
          errors.push(...r.errors);
          if (r.present) { value[name] = r.value; any = true; }
        }
        return { value, present: any || required || !path, errors };
      };
      return { node, read, fields };
    }
    if (type === "boolean") {
      const box = h("input", { id, type: "checkbox" });
      return { node: h("div", { class: "check" }, [box, h("label", { for: id }, [label, help])]),
        read: () => ({ value: box.checked, present: true, errors: [] }), fields };
    }
    if (type === "string" || type === "number" || type === "integer") {
      const numeric = type !== "string";
      const input = h("input", { id, type: numeric ? "number" : "text", step: type === "integer" ? "1" : numeric ? "any" : null,
        "aria-describedby": errorId, autocomplete: "off", spellcheck: "false",
        placeholder: schema.examples && schema.examples.length ? String(schema.examples[0]) : null });
      if (schema.default !== undefined) input.value = String(schema.default);
      const read = () => {
        const raw = input.value;
        const present = raw !== "";
        const errors = [];
        let value = raw;
        if (!present) {
          if (required) errors.push("is required");
        } else if (numeric) {
          value = Number(raw);
          if (!Number.isFinite(value)) errors.push("must be a number");
          else if (type === "integer" && !Number.isInteger(value)) errors.push("must be an integer");
          if (schema.minimum !== undefined && value < schema.minimum) errors.push("must be at least " + schema.minimum);
          if (schema.maximum !== undefined && value > schema.maximum) errors.push("must be at most " + schema.maximum);
          if (typeof schema.exclusiveMinimum === "number" && !(value > schema.exclusiveMinimum)) {
            errors.push("must be greater than " + schema.exclusiveMinimum);
          }
          if (typeof schema.exclusiveMaximum === "number" && !(value < schema.exclusiveMaximum)) {
            errors.push("must be less than " + schema.exclusiveMaximum);
          }
        } else {
          if (schema.minLength !== undefined && raw.length < schema.minLength) {
            errors.push(schema.minLength === 1 ? "must not be empty" : "must be at least " + schema.minLength + " characters");
          }
          if (schema.maxLength !== undefined && raw.length > schema.maxLength) {
            errors.push("must be at most " + schema.maxLength + " characters");
          }
          if (typeof schema.pattern === "string") {
            try { if (!new RegExp(schema.pattern, "u").test(raw)) errors.push("must match " + schema.pattern); } catch {}
          }
        }
        showError(input, errors[0] || "");
        return { value, present, errors: errors.length ? [[path, errors[0]]] : [] };
      };
      fields.push({ path, showError: (m) => showError(input, m) });
      return { node: h("div", {}, [h("label", { for: id }, [title, help]), input, error]), read, fields };
    }
    return jsonField(title, path, required, fields, id, errorId, error);
  }

  function jsonField(title, path, required, fields, id, errorId, error) {
    const area = h("textarea", { id, "aria-describedby": errorId, spellcheck: "false", placeholder: "JSON" });
    const read = () => {
      const raw = area.value.trim();
      if (raw === "") {
        const errors = required ? [[path, "is required"]] : [];
        error.textContent = errors.length ? "is required" : "";
        area.setAttribute("aria-invalid", errors.length ? "true" : "false");
        return { value: undefined, present: false, errors };
      }
      try {
        const value = JSON.parse(raw);
        error.textContent = "";
        area.setAttribute("aria-invalid", "false");
        return { value, present: true, errors: [] };
      } catch (e) {
        error.textContent = "is not valid JSON: " + e.message;
        area.setAttribute("aria-invalid", "true");
        return { value: undefined, present: true, errors: [[path, "is not valid JSON"]] };
      }
    };
    fields.push({ path, showError: (m) => { error.textContent = m; area.setAttribute("aria-invalid", m ? "true" : "false"); } });
    return { node: h("div", {}, [h("label", { for: id }, title + " (JSON)"), area, error]), read, fields };
  }

  function unionField(variants, label, path, required, fields) {
    const id = "f" + (++formSeq);
    const tagOf = (v) => {
      for (const [name, p] of Object.entries(v.properties)) if (p && p.const !== undefined) return [name, p.const];
      return null;
    };
    const names = variants.map((v, i) => v.title || (tagOf(v) ? String(tagOf(v)[1]) : "variant " + (i + 1)));
    const select = h("select", { id }, names.map((n, i) => h("option", { value: String(i) }, n)));
    const holder = h("div", {});
    let current = null;
    const show = () => {
      current = fieldFor(Object.assign({ type: "object" }, variants[Number(select.value)]), label, path, true);
      fields.length = 0;
      fields.push(...current.fields);
      holder.replaceChildren(current.node);
    };
    select.addEventListener("change", show);
    show();
    return {
      node: h("div", {}, [h("label", { for: id }, label + " type"), select, holder]),
      read: () => current.read(),
      fields,
    };
  }

  /** A whole form body for a schema, or a JSON text area without one. */
  function valueForm(schema, label) {
    if (schema) {
      const root = Object.assign({}, schema);
      return fieldFor(root, label, "", true);
    }
    const fields = [];
    const id = "f" + (++formSeq);
    const error = h("p", { class: "field-error", id: id + "-error", "data-testid": "field-error" });
    return jsonField(label, "", true, fields, id, id + "-error", error);
  }

  /** Shows a server validation message: on the fields it names, and above the button. */
  function showServerError(form, control, message) {
    form.querySelector(".form-error").textContent = message;
    for (const field of control ? control.fields : []) {
      if (!field.path) continue;
      const at = message.indexOf(field.path + ":");
      if (at < 0) continue;
      const rest = message.slice(at + field.path.length + 1).split(";")[0].trim();
      field.showError(rest);
    }
  }

  function buildSpawnForm() {
    const form = $("spawn-form");
    const select = $("spawn-kind");
    const spawnable = state.kinds;
    const previous = select.value;
    select.replaceChildren(...spawnable.map((k) => h("option", { value: k.name }, k.name)));
    if (spawnable.some((k) => k.name === previous)) select.value = previous;
    let control = null;
    const show = () => {
      const kind = spawnable.find((k) => k.name === select.value);
      $("spawn-kind-help").textContent = kind && kind.description ? kind.description : "";
      const box = $("spawn-args");
      form.querySelector(".form-error").textContent = "";
      if (!kind || !accepts(kind, "args")) {
        control = null;
        box.replaceChildren(h("legend", {}, "Arguments"), h("p", { class: "muted" }, "This kind takes no arguments."));
        return;
      }
      const schema = schemaOf(kind, "args");
      control = valueForm(schema, "args");
      box.replaceChildren(h("legend", {}, schema ? "Arguments" : "Arguments (no JSON Schema: write JSON)"), control.node);
    };
    select.onchange = show;
    $("spawn-node").onchange = spawnNodeChanged;
    show();
    form.onsubmit = async (event) => {
      event.preventDefault();
      const body = { kind: select.value };
      const name = $("spawn-name").value.trim();
      const where = $("spawn-supervisor").value.trim();
      if (name) body.name = name;
      if (where) body.supervisor = where;
      form.querySelector(".form-error").textContent = "";
      if (control) {
        const r = control.read();
        if (r.errors.length) {
          form.querySelector(".form-error").textContent = "Fix the marked fields.";
          return;
        }
        if (r.present) body.args = r.value;
      }
      const node = spawnTarget();
      try {
        if (node !== null) {
          // On another node: its catalog and default pool, no supervisor path.
          delete body.supervisor;
          const made = await api("POST", "/v1/cluster/nodes/" + encodeURIComponent(node) + "/actors", body);
          toast("Spawned " + (made && made.path) + " on node " + node, false);
          once("cluster", loadCluster);
          return;
        }
        const made = await api("POST", "/v1/actors", body);
        toast("Spawned " + (made && made.path), false);
        if (made && made.path) openDetail(made.path);
      } catch (error) {
        if (!(error instanceof AuthError)) showServerError(form, control, String(error.message || error));
      }
    };
  }

  function tellForm(path, kind) {
    const schema = schemaOf(kind, "message");
    const control = valueForm(schema, "message");
    const form = h("form", { class: "form", "data-testid": "tell-form", novalidate: true }, [
      h("h3", {}, schema ? "Tell a message" : "Tell a message (no JSON Schema: write JSON)"),
      control.node,
      h("p", { class: "form-error", role: "alert", "data-testid": "form-error" }),
      h("button", { type: "submit", class: "primary" }, "Send"),
    ]);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      form.querySelector(".form-error").textContent = "";
      const r = control.read();
      if (r.errors.length) {
        form.querySelector(".form-error").textContent = "Fix the marked fields.";
        return;
      }
      try {
        await api("POST", actorUrl(path, "tell"), { message: r.value });
        toast("Told " + path, false);
      } catch (error) {
        if (!(error instanceof AuthError)) showServerError(form, control, String(error.message || error));
      }
    });
    return form;
  }
`;
