//! Lessons teachers write: "Open a lesson file…" and a `.md` file dropped on the Lessons tab
//! are read by `lessons::load`; a valid lesson opens in the player, a file with problems
//! lists them by line and column.

use ordinal_core::lessons::{self, Problem};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DragEvent, File, HtmlInputElement};
use yew::prelude::*;

use super::{share, Teach};

/// The lesson-file components' properties.
#[derive(Properties, PartialEq)]
pub struct LessonFilesProps {
    /// The teaching handle.
    pub teach: Teach,
    /// What the drop area holds.
    #[prop_or_default]
    pub children: Html,
}

/// Reads a file the learner chose or dropped and loads it as a lesson.
fn read(teach: &Teach, file: File) {
    let name = file.name();
    if file.size() > lessons::MAX_FILE_BYTES as f64 {
        let message = format!("the file has {} bytes; a lesson file may have at most {}", file.size(), lessons::MAX_FILE_BYTES);
        teach.dispatch(super::TeachAction::Load(Err(vec![Problem { line: 1, column: 1, message }])));
        return;
    }
    let teach = teach.clone();
    wasm_bindgen_futures::spawn_local(async move {
        match JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string()) {
            Some(text) => teach.load_file(&name, &text),
            None => teach.dispatch(super::TeachAction::Load(Err(vec![Problem { line: 1, column: 1, message: format!("`{name}` cannot be read as text") }]))),
        }
    });
}

/// The Lessons tab's list, taking a lesson file dropped on it.
#[function_component]
pub fn LessonDrop(props: &LessonFilesProps) -> Html {
    let over = use_state(|| false);
    let ondragover = {
        let over = over.clone();
        Callback::from(move |e: DragEvent| {
            if e.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0)) {
                e.prevent_default();
                over.set(true);
            }
        })
    };
    let ondragleave = {
        let over = over.clone();
        Callback::from(move |_: DragEvent| over.set(false))
    };
    let ondrop = {
        let (teach, over) = (props.teach.clone(), over.clone());
        Callback::from(move |e: DragEvent| {
            over.set(false);
            if let Some(file) = e.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0)) {
                e.prevent_default();
                read(&teach, file);
            }
        })
    };
    html! {
        <div class={classes!("teach", "teach-home", (*over).then_some("teach-drop"))} data-testid="lessons" {ondragover} {ondragleave} {ondrop}>
            { props.children.clone() }
        </div>
    }
}

/// "Open a lesson file…", and the problems of the last file opened.
#[function_component]
pub fn LessonFileInput(props: &LessonFilesProps) -> Html {
    let onchange = {
        let teach = props.teach.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read(&teach, file);
            }
            // the same file, edited, can be opened again
            input.set_value("");
        })
    };
    let problems = &props.teach.state.problems;
    let list = (!problems.is_empty()).then(|| {
        let items = share::problem_list(problems).into_iter().map(|p| html! { <li>{ p }</li> });
        html! {
            <div class="lesson-problems" role="alert" data-testid="lesson-problems">
                <p>{ "This lesson file cannot be opened:" }</p>
                <ul>{ for items }</ul>
            </div>
        }
    });
    html! {
        <div class="lesson-file">
            <input id="lesson-file" class="visually-hidden" type="file" accept=".md,text/markdown" {onchange} data-testid="lesson-file" />
            <label class="btn btn-small" for="lesson-file">{ "Open a lesson file…" }</label>
            <span class="lesson-file-help">{ " or drop a .md file here: a lesson you wrote (docs/lessons.md says how)." }</span>
            { for list }
        </div>
    }
}
