//! The YAML editor: a native `<textarea>` over a highlighted, decorated copy of the visible lines.
//!
//! The textarea does all the editing (caret, selection, IME, spell-check off, accessibility,
//! undo and redo); its text is transparent, and below it an overlay draws the same lines with
//! syntax colours, squiggles under findings and the highlighted fields. Only the lines in view
//! (plus a margin) are in the DOM, so a 5,000-line document costs what a 50-line one does.
//! Scrolling moves the overlay and the gutter directly, without a render.
//!
//! The textarea is *uncontrolled*: Yew never writes its value after the first render (writing
//! it would empty the browser's undo stack). The page's state follows it through `input`
//! events; programmatic edits go through [`crate::dom::replace`].
//!
//! Keys: Tab indents (two spaces), Shift+Tab outdents, Enter keeps the indentation. Escape
//! then Tab moves the focus out of the editor, for keyboard users.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::analysis::Analysis;
use crate::decorate::{line_marks, line_segments, Decoration, LineMark, Mark, MAX_COLOURED_LINE};
use crate::dom;
use crate::highlight::{line_states, tokens, LineState};
use crate::indent;
use crate::text::Lines;

/// Lines rendered beyond the visible ones, above and below.
const OVERSCAN: usize = 24;
/// The rendered window moves in steps of this many lines, so most scrolls need no render.
const STEP: usize = 16;
/// How long the pointer rests on a field before the panel explains it.
const HOVER_DWELL_MS: u32 = 140;
/// A hundred characters, measured to know the width of one.
const PROBE_TEXT: &str = "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";

/// The editor's properties.
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text (the textarea's value, as the page state has it).
    pub text: Rc<str>,
    /// The text's version; a new version re-renders the overlay.
    pub version: u64,
    /// The decorations, in bytes of `text`.
    pub decorations: Rc<Vec<Decoration>>,
    /// The line (1-based) of the current syntax error, if any.
    #[prop_or_default]
    pub error_line: Option<u32>,
    /// The line (1-based) of the field being explained.
    #[prop_or_default]
    pub focus_line: Option<u32>,
    /// The textarea, shared with the page (which selects and edits through it).
    pub textarea: NodeRef,
    /// Called with the new text and the caret (UTF-16 units) on every edit.
    pub on_edit: Callback<(String, u32)>,
    /// Called with the caret (UTF-16 units) when it moves without an edit.
    pub on_cursor: Callback<u32>,
    /// Called with the byte offset under the resting pointer.
    pub on_hover: Callback<Option<usize>>,
    /// Called with the line height in pixels once it is known (for scrolling to a line).
    #[prop_or_default]
    pub on_metrics: Callback<f64>,
    /// The analysis whose findings the gutter's marks name (in a tooltip) and open (on a click).
    #[prop_or_default]
    pub analysis: Option<Rc<Analysis>>,
    /// Called with the index of the finding whose gutter mark was clicked.
    #[prop_or_default]
    pub on_problem: Callback<usize>,
    /// Called with the reason when a paste or a drop is refused ([`crate::paste`]).
    #[prop_or_default]
    pub on_refused: Callback<String>,
}

/// Where the caret is: the moving end of the selection.
fn caret(el: &HtmlTextAreaElement) -> u32 {
    let start = el.selection_start().ok().flatten().unwrap_or(0);
    let end = el.selection_end().ok().flatten().unwrap_or(start);
    match el.selection_direction().ok().flatten().as_deref() {
        Some("backward") => start,
        _ => end,
    }
}

/// The textarea's geometry, read from its computed style.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Metrics {
    line_height: f64,
    char_width: f64,
    pad_top: f64,
    pad_left: f64,
    height: f64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics { line_height: 22.0, char_width: 8.4, pad_top: 12.0, pad_left: 16.0, height: 600.0 }
    }
}

fn px(style: &web_sys::CssStyleDeclaration, name: &str) -> Option<f64> {
    style.get_property_value(name).ok()?.trim_end_matches("px").parse().ok()
}

fn measure(el: &HtmlTextAreaElement, probe: Option<Element>) -> Metrics {
    let mut m = Metrics::default();
    if let Ok(Some(style)) = gloo::utils::window().get_computed_style(el) {
        m.line_height = px(&style, "line-height").unwrap_or(m.line_height);
        m.pad_top = px(&style, "padding-top").unwrap_or(m.pad_top);
        m.pad_left = px(&style, "padding-left").unwrap_or(m.pad_left);
    }
    if let Some(probe) = probe {
        let w = probe.get_bounding_client_rect().width();
        if w > 0.0 {
            m.char_width = w / 100.0;
        }
    }
    m.height = f64::from(el.client_height()).max(m.line_height);
    m
}

/// The byte offset of a display column on a line (tabs to the next multiple of 2), or `None`
/// past the line's end.
fn offset_of_column(line: &str, column: usize) -> Option<usize> {
    let mut col = 0;
    for (i, c) in line.char_indices() {
        let width = if c == '\t' { 2 - col % 2 } else { 1 };
        if column < col + width {
            return Some(i);
        }
        col += width;
    }
    None
}

fn set_transform(node: &NodeRef, value: &str) {
    if let Some(el) = node.cast::<HtmlElement>() {
        let _ = el.style().set_property("transform", value);
    }
}

/// The editor's own keys: Tab and Shift+Tab indent and outdent, Enter keeps the indentation;
/// Escape then Tab leaves the editor.
fn on_key(e: &KeyboardEvent, el: &HtmlTextAreaElement, escape_armed: &RefCell<bool>) {
    if e.is_composing() || e.key_code() == 229 {
        return; // an IME is composing: its keys are its own
    }
    let key = e.key();
    let armed = std::mem::replace(&mut *escape_armed.borrow_mut(), key == "Escape");
    let plain = !e.ctrl_key() && !e.meta_key() && !e.alt_key();
    match key.as_str() {
        "Tab" if plain && !armed => {
            e.prevent_default();
            let (value, s, t) = dom::selection_bytes(el);
            let r = if e.shift_key() { indent::outdent(&value, s, t) } else { Some(indent::indent(&value, s, t)) };
            if let Some(r) = r {
                dom::replace(el, r.start, r.end, &r.insert, r.select_start, r.select_end);
            }
        }
        "Enter" if plain && !e.shift_key() => {
            e.prevent_default();
            let (value, s, t) = dom::selection_bytes(el);
            let r = indent::newline(&value, s, t);
            dom::replace(el, r.start, r.end, &r.insert, r.select_start, r.select_end);
        }
        _ => {}
    }
}

/// One line of the overlay's properties: everything its drawing depends on, relative to the
/// line, so that a keystroke re-draws only the lines it changed (the others compare equal).
#[derive(Properties, PartialEq)]
struct OverlayLineProps {
    line: Rc<str>,
    state: LineState,
    marks: Vec<LineMark>,
    top: f64,
}

/// One line of the overlay: its text in syntax-coloured, decorated spans.
#[function_component]
fn OverlayLine(props: &OverlayLineProps) -> Html {
    let line = &*props.line;
    // a line too long to colour is not tokenized at all (a megabyte line is 400,000 tokens)
    let toks = if line.len() > MAX_COLOURED_LINE { Vec::new() } else { tokens(line, props.state) };
    let spans = line_segments(line.len(), &toks, &props.marks).into_iter().map(|s| {
        let class = s.classes();
        let piece = &line[s.start..s.end];
        if class.is_empty() {
            html! { { piece.to_owned() } }
        } else {
            html! { <span {class}>{ piece.to_owned() }</span> }
        }
    });
    let top = format!("top: {}px", props.top);
    html! { <div class="ov-line" style={top}>{ for spans }</div> }
}

/// The editor.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let textarea = props.textarea.clone();
    let overlay = use_node_ref();
    let gutter = use_node_ref();
    let probe = use_node_ref();
    let metrics = use_state_eq(Metrics::default);
    // the first line of the rendered window (a multiple of STEP)
    let window_start = use_state_eq(|| 0usize);
    let escape_armed = use_mut_ref(|| false);
    let hover_timer: Rc<RefCell<Option<(usize, Timeout)>>> = use_mut_ref(|| None);

    let lines = use_memo(props.version, {
        let text = props.text.clone();
        move |_| Lines::new(&text)
    });
    let states = use_memo(props.version, {
        let text = props.text.clone();
        move |_| line_states(&text)
    });

    // First render: the text, the caret at the start, the metrics.
    {
        let textarea = textarea.clone();
        let probe = probe.clone();
        let metrics = metrics.setter();
        let text = props.text.clone();
        let on_metrics = props.on_metrics.clone();
        use_effect_with((), move |_| {
            let mut listener = None;
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                el.set_value(&text);
                let _ = el.set_selection_range(0, 0);
                let m = measure(&el, probe.cast::<Element>());
                on_metrics.emit(m.line_height);
                metrics.set(m);
                let el2 = el.clone();
                listener = Some(EventListener::new(&gloo::utils::window(), "resize", move |_| {
                    let m = measure(&el2, probe.cast::<Element>());
                    on_metrics.emit(m.line_height);
                    metrics.set(m);
                }));
            }
            move || drop(listener)
        });
    }

    // `selectionchange` fires on the textarea for every caret move (keys, mouse, touch).
    {
        let textarea = textarea.clone();
        use_effect_with(props.on_cursor.clone(), move |on_cursor| {
            let on_cursor = on_cursor.clone();
            let listener = textarea.cast::<HtmlTextAreaElement>().map(|el| {
                let target = el.clone();
                EventListener::new(&el, "selectionchange", move |_| on_cursor.emit(caret(&target)))
            });
            move || drop(listener)
        });
    }

    // A mark after each render of a new text, for the latency measurements of the e2e tests.
    use_effect_with(props.version, |_| {
        if let Some(p) = gloo::utils::window().performance() {
            let _ = p.mark("ordinal:text-rendered");
        }
    });

    let sync_scroll = {
        let overlay = overlay.clone();
        let gutter = gutter.clone();
        let window_start = window_start.clone();
        let metrics = metrics.clone();
        move |el: &HtmlTextAreaElement| {
            let (top, left) = (el.scroll_top(), el.scroll_left());
            set_transform(&overlay, &format!("translate({}px, {}px)", -left, -top));
            set_transform(&gutter, &format!("translateY({}px)", -top));
            let first = (f64::from(top.max(0)) / metrics.line_height) as usize;
            window_start.set(first / STEP * STEP);
        }
    };
    // Keep the overlay where the textarea is after every new text (it can change the scroll
    // position, e.g. when an example replaces it) or new metrics. Only then: reading the scroll
    // position forces a layout, which a render that moved only the caret or a decoration must
    // not pay (scrolling itself is followed by `onscroll`).
    {
        let textarea = textarea.clone();
        let sync_scroll = sync_scroll.clone();
        use_effect_with((props.version, *metrics), move |_| {
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                sync_scroll(&el);
            }
        });
    }

    // Every edit, from a listener on the textarea itself rather than Yew's `oninput`: Yew
    // handles its events at the root and walks up from the target to find the handlers of the
    // element and its ancestors, which cost a third of a millisecond per keystroke. Nothing
    // above the textarea listens to its `input`, so it stops there.
    {
        let textarea = textarea.clone();
        use_effect_with(props.on_edit.clone(), move |on_edit| {
            let on_edit = on_edit.clone();
            let listener = textarea.cast::<HtmlTextAreaElement>().map(|el| {
                let target = el.clone();
                EventListener::new(&el, "input", move |e| {
                    e.stop_propagation();
                    if let Some(p) = gloo::utils::window().performance() {
                        let _ = p.mark("ordinal:input");
                    }
                    on_edit.emit((target.value(), caret(&target)));
                })
            });
            move || drop(listener)
        });
    }
    // Tab, Shift+Tab, Enter and Escape, from a listener on the textarea itself, for the same
    // reason as `input` (the presenter's document-level keys ignore typing into a field).
    {
        let textarea = textarea.clone();
        let escape_armed = escape_armed.clone();
        use_effect_with((), move |_| {
            let listener = textarea.cast::<HtmlTextAreaElement>().map(|el| {
                let target = el.clone();
                EventListener::new_with_options(&el, "keydown", EventListenerOptions::enable_prevent_default(), move |e| {
                    e.stop_propagation();
                    let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                    on_key(e, &target, &escape_armed);
                })
            });
            move || drop(listener)
        });
    }
    // Pastes and drops that would make more than ordinal reads, refused before the browser
    // spends seconds inserting them (crate::paste).
    {
        let textarea = textarea.clone();
        use_effect_with(props.on_refused.clone(), move |on_refused| {
            let listeners = textarea.cast::<HtmlTextAreaElement>().map(|el| {
                let guard = |kind: &'static str| {
                    let target = el.clone();
                    let on_refused = on_refused.clone();
                    EventListener::new_with_options(&el, kind, EventListenerOptions::enable_prevent_default(), move |e| {
                        let data = match kind {
                            "paste" => e.dyn_ref::<web_sys::ClipboardEvent>().and_then(|e| e.clipboard_data()),
                            _ => e.dyn_ref::<web_sys::DragEvent>().and_then(|e| e.data_transfer()),
                        };
                        let Some(pasted) = data.and_then(|d| d.get_data("text/plain").ok()) else { return };
                        // a drop inserts at the drop point, replacing nothing: count it as added
                        let (value, start, end) = if kind == "paste" { dom::selection_bytes(&target) } else { (target.value(), 0, 0) };
                        if let Some(reason) = crate::paste::refusal(&value, start, end, &pasted, &ordinal_core::yaml::Limits::DEFAULT) {
                            e.prevent_default();
                            on_refused.emit(reason);
                        }
                    })
                };
                [guard("paste"), guard("drop")]
            });
            move || drop(listeners)
        });
    }
    let cursor_from = |on_cursor: &Callback<u32>| {
        let on_cursor = on_cursor.clone();
        move |e: Event| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            on_cursor.emit(caret(&el));
        }
    };
    let onkeyup = {
        let f = cursor_from(&props.on_cursor);
        Callback::from(move |e: KeyboardEvent| f(e.into()))
    };
    let onmouseup = {
        let f = cursor_from(&props.on_cursor);
        Callback::from(move |e: MouseEvent| f(e.into()))
    };
    let onfocus = {
        let f = cursor_from(&props.on_cursor);
        Callback::from(move |e: FocusEvent| f(e.into()))
    };
    let onscroll = {
        let sync_scroll = sync_scroll.clone();
        Callback::from(move |e: Event| sync_scroll(&e.target_unchecked_into()))
    };
    let onmousemove = {
        let text = props.text.clone();
        let lines = lines.clone();
        let metrics = metrics.clone();
        let hover_timer = hover_timer.clone();
        let on_hover = props.on_hover.clone();
        Callback::from(move |e: MouseEvent| {
            if e.buttons() != 0 {
                return; // selecting with the mouse
            }
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            let rect = el.get_bounding_client_rect();
            let m = *metrics;
            let x = f64::from(e.client_x()) - rect.left() - m.pad_left + f64::from(el.scroll_left());
            let y = f64::from(e.client_y()) - rect.top() - m.pad_top + f64::from(el.scroll_top());
            if x < 0.0 || y < 0.0 {
                return;
            }
            let line = (y / m.line_height) as usize;
            if line >= lines.count() {
                return;
            }
            let range = lines.range(&text, line);
            let Some(col) = offset_of_column(&text[range.clone()], (x / m.char_width) as usize) else { return };
            let offset = range.start + col;
            let mut timer = hover_timer.borrow_mut();
            if timer.as_ref().is_some_and(|(at, _)| *at == offset) {
                return;
            }
            let on_hover = on_hover.clone();
            *timer = Some((offset, Timeout::new(HOVER_DWELL_MS, move || on_hover.emit(Some(offset)))));
        })
    };
    let onmouseleave = {
        let hover_timer = hover_timer.clone();
        Callback::from(move |_: MouseEvent| {
            hover_timer.borrow_mut().take();
        })
    };

    // The overlay and the gutter never scroll themselves (they move by transform): something
    // that scrolls them into view anyway (find in page, a script) is undone at once.
    let pin = Callback::from(|e: Event| {
        let el: Element = e.target_unchecked_into();
        el.set_scroll_top(0);
        el.set_scroll_left(0);
    });

    // The rendered window.
    let m = *metrics;
    let visible = (m.height / m.line_height).ceil() as usize + 1;
    let first = window_start.saturating_sub(OVERSCAN);
    let last = (*window_start + visible + STEP + OVERSCAN).min(lines.count());
    let text = &props.text;
    let decorations = &props.decorations;
    let rows = (first..last).map(|i| {
        let range = lines.range(text, i);
        let line: Rc<str> = Rc::from(&text[range.clone()]);
        let state = states.get(i).copied().unwrap_or(LineState::default());
        let marks = line_marks(range.start, line.len(), decorations);
        html! { <OverlayLine key={i} {line} {state} {marks} top={i as f64 * m.line_height} /> }
    });

    // Gutter: line numbers and the findings' severities.
    let mut line_marks: Vec<(usize, Mark)> = decorations
        .iter()
        .filter(|d| matches!(d.mark, Mark::Error | Mark::Warning | Mark::Info))
        .map(|d| (lines.line_of(d.start), d.mark))
        .filter(|(l, _)| (first..last).contains(l))
        .collect();
    line_marks.sort();
    let gutter_rows = (first..last).map(|i| {
        let n = i as u32 + 1;
        // the worst severity on the line
        let mark = line_marks.iter().filter(|(l, _)| *l == i).map(|(_, m)| *m).min();
        let class = classes!(
            "gutter-line",
            (props.focus_line == Some(n)).then_some("is-field"),
            (props.error_line == Some(n)).then_some("is-error"),
            mark.map(|m| format!("has-{}", &m.class()[3..])),
        );
        let top = format!("top: {}px", i as f64 * m.line_height);
        // the findings of the analysis on this line (only while it describes this text)
        let here: Vec<(usize, String)> = props
            .analysis
            .as_ref()
            .filter(|_| mark.is_some())
            .map(|a| {
                a.findings
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| f.line == n)
                    .map(|(k, f)| (k, format!("{} {}: {}", f.diagnostic.code, f.diagnostic.severity, f.diagnostic.message.replace('`', ""))))
                    .collect()
            })
            .unwrap_or_default();
        match here.first().map(|(k, _)| *k) {
            Some(first) => {
                let title = here.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n");
                let onclick = props.on_problem.reform(move |_: MouseEvent| first);
                html! { <div class={classes!(class, "has-finding")} key={i} style={top} {title} {onclick}>{ n }</div> }
            }
            None => html! { <div {class} key={i} style={top}>{ n }</div> },
        }
    });
    let digits = lines.count().to_string().len().max(2);
    let gutter_style = format!("--digits: {digits}");
    let height = format!("height: {}px", lines.count() as f64 * m.line_height);

    html! {
        <div class="editor" style={gutter_style}>
            <div class="gutter" aria-hidden="true" onscroll={pin.clone()}>
                <div class="gutter-inner" ref={gutter.clone()} style={height.clone()}>{ for gutter_rows }</div>
            </div>
            <div class="code-area">
                <div class="overlay" aria-hidden="true" onscroll={pin}>
                    <div class="overlay-inner" ref={overlay.clone()} style={height}>
                        { for rows }
                    </div>
                    <span class="measure" ref={probe.clone()}>{ PROBE_TEXT }</span>
                </div>
                <textarea
                    ref={textarea}
                    id="editor"
                    class="editor-input"
                    aria-label="YAML manifest"
                    aria-describedby="editor-keys"
                    spellcheck="false"
                    autocomplete="off"
                    autocapitalize="off"
                    autocorrect="off"
                    wrap="off"
                    {onkeyup}
                    {onmouseup}
                    {onfocus}
                    {onscroll}
                    {onmousemove}
                    {onmouseleave}
                />
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::offset_of_column;

    #[test]
    fn columns_map_to_offsets() {
        assert_eq!(offset_of_column("  name: x", 2), Some(2));
        assert_eq!(offset_of_column("  name: x", 9), None);
        assert_eq!(offset_of_column("é: ü", 3), Some(4));
        assert_eq!(offset_of_column("\tx", 1), Some(0));
        assert_eq!(offset_of_column("\tx", 2), Some(1));
    }
}
