/** Every string in a server component's element tree (what the page would print). Child
 *  components are not rendered, but the text handed to them as children is there. */
export function textOf(node: unknown): string {
  if (node == null || typeof node === "boolean") return "";
  if (typeof node === "string" || typeof node === "number") return String(node);
  if (Array.isArray(node)) return node.map(textOf).join(" ");
  if (typeof node === "object" && "props" in node)
    return textOf((node as { props: { children?: unknown } }).props.children);
  return "";
}
