/**
 * The only way this UI builds elements. Strings become text nodes, never markup: tags from
 * music files are untrusted, and a title like `<img onerror=...>` must show as those characters.
 * There is deliberately no helper that takes HTML.
 */
export type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  /** Attributes set with setAttribute: aria-*, type, for, role... Never `style` or `on*`. */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** Listeners added with addEventListener (the CSP forbids inline handlers anyway). */
  on?: Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;

  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (name === 'style' || name.startsWith('on')) throw new Error(`refusing attribute ${name}`);
    // ARIA states are the words "true"/"false"; HTML booleans are there or not.
    if (name.startsWith('aria-') && typeof value === 'boolean') {
      node.setAttribute(name, String(value));
      continue;
    }
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }

  for (const [type, fn] of Object.entries(props.on ?? {})) {
    if (fn) node.addEventListener(type, fn);
  }

  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replace every child of `parent`. */
export function replace(parent: Node, ...children: Child[]): void {
  parent.textContent = '';
  append(parent, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`index.html lacks #${id}`);
  return node as T;
}

/** A button: always type=button so it never submits a form by accident. */
export function button(
  label: Child | Child[],
  onClick: () => void,
  props: Omit<Props, 'on'> = {},
): HTMLButtonElement {
  const attrs = { type: 'button', ...props.attrs };
  const children = Array.isArray(label) ? label : [label];
  return h('button', { ...props, attrs, on: { click: onClick } }, ...children);
}

/**
 * Re-render a list without losing the keyboard's place: the focused element's data-key is
 * looked up again in the new content and focused.
 */
export function replaceKeepingFocus(parent: HTMLElement, ...children: Child[]): void {
  const active = document.activeElement;
  const key = active instanceof HTMLElement && parent.contains(active) ? active.dataset.key : '';
  replace(parent, ...children);
  if (!key) return;
  const again = parent.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`);
  again?.focus();
}
