//! The dock's two panels: the event log (`kubectl get … -w` lines, each a link to its object)
//! and the terminal (a simulated shell with history and Tab completion).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

use super::controls::clock_text;
use super::log::{Line, Stream};
use super::session::Session;
use super::shell::{self, Shell, Style};
use super::state::{TermLine, UiAction};
use super::view::scroll_to_end;
use super::ObjRef;

/// Lines of the log drawn at once (the newest), at least; the rest stay in the session.
pub const LOG_SHOWN: usize = 150;
/// The first line drawn moves by this many lines at a time, so that the oldest lines leave
/// the page in batches rather than one per new line.
const LOG_STEP: usize = 50;

/// The index of the first of `len` lines to draw: between [`LOG_SHOWN`] and
/// [`LOG_SHOWN`] + [`LOG_STEP`] lines are drawn.
pub fn window_start(len: usize) -> usize {
    len.saturating_sub(LOG_SHOWN) / LOG_STEP * LOG_STEP
}

/// A paste into a one-line command input: a command continued over several lines with `\`
/// (the guide's two-line `kubectl patch pvc`) becomes one line, as a shell reads it, instead
/// of the browser dropping the newlines and leaving `\ ` behind (core's
/// `script::pasted_command`). Shared by the Cluster tab's terminal and the lessons' lab.
pub fn paste_command(input: NodeRef) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let Some(data) = e.dyn_ref::<web_sys::ClipboardEvent>().and_then(|e| e.clipboard_data()) else { return };
        let Ok(text) = data.get_data("text/plain") else { return };
        if !text.contains('\n') {
            return;
        }
        let Some(el) = input.cast::<HtmlInputElement>() else { return };
        e.prevent_default();
        let value = el.value();
        let units: Vec<u16> = value.encode_utf16().collect();
        let start = el.selection_start().ok().flatten().map_or(units.len(), |s| (s as usize).min(units.len()));
        let end = el.selection_end().ok().flatten().map_or(start, |s| (s as usize).clamp(start, units.len()));
        let command = ordinal_core::sim::script::pasted_command(&text);
        let before = String::from_utf16_lossy(&units[..start]);
        let after = String::from_utf16_lossy(&units[end..]);
        el.set_value(&format!("{before}{command}{after}"));
        let caret = (start + command.encode_utf16().count()) as u32;
        let _ = el.set_selection_range(caret, caret);
    })
}

/// The event log's properties.
#[derive(Properties)]
pub struct EventLogProps {
    /// The session whose log to show.
    pub session: Rc<RefCell<Session>>,
    /// The number of the log's newest line (the log changed when it did).
    pub last_line: Option<u64>,
    /// The streams shown.
    pub streams: Vec<Stream>,
    /// The highlighted object.
    pub selected: Option<ObjRef>,
    /// Select an object.
    pub on_select: Callback<ObjRef>,
    /// Toggle a stream.
    pub on_action: Callback<UiAction>,
    /// Draw the stream filters in the log's own bar (the dock's tab bar has them otherwise).
    pub filters: bool,
    /// The lines that contain this text are marked (a lesson step's `highlight: log TEXT`).
    #[prop_or_default]
    pub marked: Option<String>,
}

impl PartialEq for EventLogProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && self.last_line == other.last_line
            && self.streams == other.streams
            && self.selected == other.selected
            && self.on_select == other.on_select
            && self.on_action == other.on_action
            && self.filters == other.filters
            && self.marked == other.marked
    }
}

/// The stream filters' properties.
#[derive(Properties, PartialEq)]
pub struct StreamFiltersProps {
    /// The streams shown.
    pub streams: Vec<Stream>,
    /// Toggles a stream.
    pub on_action: Callback<UiAction>,
}

/// Buttons that show or hide each stream of the log.
#[function_component]
pub fn StreamFilters(props: &StreamFiltersProps) -> Html {
    let toggles = Stream::ALL.iter().map(|s| {
        let on = props.streams.contains(s);
        let onclick = props.on_action.reform({
            let s = *s;
            move |_: MouseEvent| UiAction::ToggleStream(s)
        });
        html! {
            <button type="button" class={classes!("cl-filter", on.then_some("is-on"))} aria-pressed={on.to_string()} {onclick} title={s.command()} data-testid={format!("cl-filter-{}", s.label())}>
                { s.label() }
            </button>
        }
    });
    html! { <div class="cl-filters" role="group" aria-label="Streams shown in the event log">{ for toggles }</div> }
}

/// Keeps a scrolled box at its end while the user has not scrolled up.
#[hook]
fn use_stick_to_end<D: PartialEq + Clone + 'static>(dep: D) -> (NodeRef, Callback<Event>) {
    let node = use_node_ref();
    let stick = use_mut_ref(|| true);
    {
        let node = node.clone();
        let stick = stick.clone();
        use_effect_with(dep, move |_| {
            if *stick.borrow() {
                if let Some(el) = node.cast::<HtmlElement>() {
                    scroll_to_end(&el);
                }
            }
        });
    }
    let onscroll = {
        let node = node.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = node.cast::<HtmlElement>() {
                *stick.borrow_mut() = el.scroll_top() + el.client_height() >= el.scroll_height() - 24;
            }
        })
    };
    (node, onscroll)
}

/// The event log.
#[function_component]
pub fn EventLog(props: &EventLogProps) -> Html {
    let session = props.session.borrow();
    let log = session.log();
    let matching: Vec<&Rc<Line>> = log.lines().iter().filter(|l| l.object.is_some() && props.streams.contains(&l.stream)).collect();
    let shown = &matching[window_start(matching.len())..];
    let headers = Stream::ALL.iter().filter(|s| props.streams.contains(s)).map(|s| {
        html! {
            <div class="cl-log-header">
                <span class="cl-log-stream">{ s.label() }</span>
                <code title={s.command()}>{ log.header(*s) }</code>
            </div>
        }
    });
    let lines = shown.iter().map(|l| {
        let selected = l.object.is_some() && props.selected.as_ref() == l.object.as_ref();
        let marked = props.marked.as_ref().is_some_and(|m| l.text.contains(m.as_str()));
        html! { <LogLine key={l.seq} line={Rc::clone(l)} {selected} {marked} on_select={props.on_select.clone()} /> }
    });
    html! {
        <div class="cl-log" data-testid="cl-log">
            if props.filters {
                <div class="cl-log-bar">
                    <span class="cl-log-title">{ "Events: kubectl get … -w" }</span>
                    <StreamFilters streams={props.streams.clone()} on_action={props.on_action.clone()} />
                </div>
            }
            <div class="cl-log-headers">{ for headers }</div>
            // A reversed flex box keeps its scroll position at the newest line by itself.
            <div class="cl-log-scroll">
                <ol class="cl-log-lines" aria-label="Event log">{ for lines }</ol>
            </div>
        </div>
    }
}

#[derive(Properties)]
struct LogLineProps {
    line: Rc<Line>,
    selected: bool,
    marked: bool,
    on_select: Callback<ObjRef>,
}

impl PartialEq for LogLineProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.line, &other.line) && self.selected == other.selected && self.marked == other.marked && self.on_select == other.on_select
    }
}

/// One line of the log: a button that highlights its object.
#[function_component]
fn LogLine(props: &LogLineProps) -> Html {
    let l = &props.line;
    let Some(object) = l.object.clone() else { return Html::default() };
    let kubectl = object.kubectl();
    let onclick = props.on_select.reform(move |_: MouseEvent| object.clone());
    html! {
        <li class={classes!("cl-log-line", l.warning.then_some("is-warning"), props.selected.then_some("is-selected"), props.marked.then_some("is-marked"))} data-testid="cl-log-line" data-object={kubectl.clone()} data-stream={l.stream.label()}>
            <button type="button" {onclick} title={format!("Highlight {kubectl}")}>
                <span class="cl-log-time">{ clock_text(l.at.0) }</span>
                <span class="cl-log-stream">{ l.stream.label() }</span>
                <code>
                    <span class="cl-log-head">{ l.text[..l.last_column].to_owned() }</span>
                    <span class="cl-log-last">{ l.text[l.last_column..].to_owned() }</span>
                </code>
            </button>
        </li>
    }
}

/// The terminal's properties.
#[derive(Properties)]
pub struct TerminalProps {
    /// The session the commands act on.
    pub session: Rc<RefCell<Session>>,
    /// The history.
    pub shell: Rc<RefCell<Shell>>,
    /// The lines to show.
    pub transcript: Rc<Vec<TermLine>>,
    /// The editor's text (the files).
    pub text: Rc<str>,
    /// Runs a line.
    pub on_action: Callback<UiAction>,
}

impl PartialEq for TerminalProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session) && Rc::ptr_eq(&self.shell, &other.shell) && Rc::ptr_eq(&self.transcript, &other.transcript) && self.text == other.text && self.on_action == other.on_action
    }
}

/// The terminal.
#[function_component]
pub fn Terminal(props: &TerminalProps) -> Html {
    let input = use_node_ref();
    let options = use_state_eq(Vec::<String>::new);
    let (screen, onscroll) = use_stick_to_end((Rc::as_ptr(&props.transcript) as usize, options.len()));
    let onkeydown = {
        let input = input.clone();
        let options = options.clone();
        let session = props.session.clone();
        let shell = props.shell.clone();
        let text = props.text.clone();
        let on_action = props.on_action.clone();
        Callback::from(move |e: KeyboardEvent| {
            let Some(el) = input.cast::<HtmlInputElement>() else { return };
            let value = el.value();
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    el.set_value("");
                    options.set(Vec::new());
                    on_action.emit(UiAction::Shell(value, text.clone()));
                }
                "ArrowUp" => {
                    e.prevent_default();
                    if let Some(line) = shell.borrow_mut().up(&value) {
                        el.set_value(&line);
                    }
                }
                "ArrowDown" => {
                    e.prevent_default();
                    if let Some(line) = shell.borrow_mut().down() {
                        el.set_value(&line);
                    }
                }
                "Tab" if !e.shift_key() && !value.trim().is_empty() => {
                    e.prevent_default();
                    let c = shell::complete(&value, &session.borrow(), &text);
                    el.set_value(&c.line);
                    options.set(c.options);
                }
                "l" if e.ctrl_key() => {
                    e.prevent_default();
                    on_action.emit(UiAction::Shell("clear".to_owned(), text.clone()));
                }
                _ => {
                    if !options.is_empty() {
                        options.set(Vec::new());
                    }
                }
            }
        })
    };
    let focus = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            let selecting = gloo::utils::window().get_selection().ok().flatten().is_some_and(|s| !s.is_collapsed());
            if !selecting {
                if let Some(el) = input.cast::<HtmlInputElement>() {
                    let _ = el.focus();
                }
            }
        })
    };
    let lines = props.transcript.iter().map(|l| {
        let class = match l.style {
            Style::Command => "is-command",
            Style::Out => "is-out",
            Style::Err => "is-err",
            Style::Note => "is-note",
        };
        html! { <div key={l.seq} class={classes!("cl-term-line", class)}>{ if l.text.is_empty() { " ".to_owned() } else { l.text.clone() } }</div> }
    });
    html! {
        <div class="cl-term" data-testid="cl-terminal" onclick={focus}>
            <div class="cl-term-screen" ref={screen} {onscroll} role="log" aria-live="polite" aria-label="Terminal output" data-testid="cl-term-screen">
                { for lines }
                if !options.is_empty() {
                    <div class="cl-term-line is-options" data-testid="cl-term-options">{ options.join("   ") }</div>
                }
            </div>
            <div class="cl-term-prompt">
                <span class="cl-term-ps1" aria-hidden="true">{ shell::PROMPT }</span>
                <input ref={input.clone()} type="text" class="cl-term-input" {onkeydown} onpaste={paste_command(input.clone())} aria-label="Command (Tab completes, ↑ ↓ history)"
                    placeholder="kubectl get pods -n scenarios" spellcheck="false" autocomplete="off" autocapitalize="off" data-testid="cl-term-input" />
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_window_moves_in_steps() {
        assert_eq!(window_start(10), 0);
        assert_eq!(window_start(LOG_SHOWN + LOG_STEP - 1), 0);
        assert_eq!(window_start(LOG_SHOWN + LOG_STEP), LOG_STEP);
        assert_eq!(window_start(LOG_SHOWN + LOG_STEP + 1), LOG_STEP);
        let n = 1_000;
        assert!((LOG_SHOWN..LOG_SHOWN + LOG_STEP).contains(&(n - window_start(n))));
    }
}
