//! The YAML editor: a plain textarea with a line-number gutter.
//!
//! The textarea is controlled by the page state (`text`), which always equals what the user
//! typed, so re-rendering never moves the cursor. Every cursor move is reported in UTF-16
//! code units, exactly as the browser gives it; the reducer converts it to a byte offset.

use gloo::events::EventListener;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// The editor's properties.
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The text to show.
    pub text: AttrValue,
    /// How many lines `text` has.
    pub line_count: usize,
    /// The line of the current syntax error, highlighted in the gutter.
    #[prop_or_default]
    pub error_line: Option<u32>,
    /// The line of the field being explained, marked in the gutter.
    #[prop_or_default]
    pub field_line: Option<u32>,
    /// Called with the new text and the cursor (UTF-16 units) on every edit.
    pub on_edit: Callback<(String, u32)>,
    /// Called with the cursor (UTF-16 units) when it moves without an edit.
    pub on_cursor: Callback<u32>,
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

/// The editor.
#[function_component]
pub fn Editor(props: &EditorProps) -> Html {
    let textarea = use_node_ref();
    let gutter = use_node_ref();

    // Setting the first value puts the browser's caret at the end of the text; the page
    // opens with it at the start, where the state's cursor is.
    {
        let textarea = textarea.clone();
        use_effect_with((), move |_| {
            if let Some(el) = textarea.cast::<HtmlTextAreaElement>() {
                let _ = el.set_selection_range(0, 0);
            }
        });
    }

    // `selectionchange` fires on the textarea for every caret move (keys, mouse, touch).
    {
        let textarea = textarea.clone();
        let on_cursor = props.on_cursor.clone();
        use_effect_with(on_cursor, move |on_cursor| {
            let on_cursor = on_cursor.clone();
            let listener = textarea.cast::<HtmlTextAreaElement>().map(|el| {
                let target = el.clone();
                EventListener::new(&el, "selectionchange", move |_| {
                    on_cursor.emit(caret(&target))
                })
            });
            move || drop(listener)
        });
    }

    let oninput = {
        let on_edit = props.on_edit.clone();
        Callback::from(move |e: InputEvent| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            on_edit.emit((el.value(), caret(&el)));
        })
    };
    // Fallbacks for browsers without `selectionchange` on form controls.
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
        let gutter = gutter.clone();
        Callback::from(move |e: Event| {
            let el: HtmlTextAreaElement = e.target_unchecked_into();
            if let Some(g) = gutter.cast::<web_sys::Element>() {
                g.set_scroll_top(el.scroll_top());
            }
        })
    };

    let lines = (1..=props.line_count.max(1)).map(|n| {
        let n32 = Some(n as u32);
        let class = classes!(
            "gutter-line",
            (props.field_line == n32).then_some("is-field"),
            (props.error_line == n32).then_some("is-error"),
        );
        html! { <div {class}>{ n }</div> }
    });

    html! {
        <div class="editor">
            <div class="gutter" ref={gutter} aria-hidden="true">{ for lines }</div>
            <textarea
                ref={textarea}
                id="editor"
                class="editor-input"
                aria-label="YAML manifest"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                wrap="off"
                value={props.text.clone()}
                {oninput}
                {onkeyup}
                {onmouseup}
                {onfocus}
                {onscroll}
            />
        </div>
    }
}
