/**
 * react-aria keeps the selection collapsed inside a focused date segment on every
 * `selectionchange`. A browser fires that event only when the selection really changes, and
 * asynchronously; happy-dom fires it on every collapse, synchronously, so the two call each other
 * until the stack overflows. Collapsing to where the selection already is changes nothing here,
 * as in a browser.
 */
export function collapseLikeABrowser() {
  const proto = Object.getPrototypeOf(window.getSelection()!) as Selection;
  const collapse = proto.collapse;
  proto.collapse = function (this: Selection, node: Node | null, offset = 0) {
    if (this.isCollapsed && this.anchorNode === node && this.anchorOffset === offset) return;
    collapse.call(this, node, offset);
  };
}
