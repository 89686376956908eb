//! Component tests in a real browser: `wasm-bindgen-test` in headless Chromium, through
//! chromedriver (`make test-wasm`). Each test mounts a real Yew component into a fresh `<div>`
//! and reads the DOM it rendered.

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use std::rc::Rc;

use ordinal_web::analysis::Analysis;
use ordinal_web::app::{FullApp, DEFAULT_TEXT};
use ordinal_web::components::explain::{Explain, ExplainProps};
use ordinal_web::storage;
use yew::Callback;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element attached to the document's body.
fn mount_point() -> Element {
    let document = gloo::utils::document();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

/// Waits (up to two seconds) until `probe` returns `Some`, letting Yew render in between.
async fn eventually<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    for _ in 0..200 {
        if let Some(value) = probe() {
            return value;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out waiting for {what}");
}

fn text_of(root: &Element, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
}

/// The explanation panel's props for the guide's text with the caret on `needle`.
fn explain_props(text: &str, needle: &str) -> ExplainProps {
    // the texts the page's first module fetches, as the second module has them
    ordinal_core::library::install_compiled();
    let analysis = Rc::new(Analysis::new(Rc::from(text), 0));
    let focus = analysis.focus(text.find(needle).unwrap()).map(Rc::new);
    ExplainProps {
        focus,
        error: analysis.syntax_error.clone(),
        analysis,
        stale: false,
        hovering: false,
        on_jump: Callback::noop(),
        on_concept: Callback::noop(),
        on_problem: Callback::noop(),
        texts: Default::default(),
    }
}

#[wasm_bindgen_test]
async fn explain_shows_the_field_its_breadcrumbs_and_the_guide_text() {
    let root = mount_point();
    let props = explain_props(DEFAULT_TEXT, "image:");
    let _app = yew::Renderer::<Explain>::with_root_and_props(root.clone(), props).render();

    let title = eventually("the field title", || text_of(&root, "[data-testid=field-title]")).await;
    assert_eq!(title, "StatefulSet spec.template.spec.containers[0].image");
    let line = DEFAULT_TEXT[..DEFAULT_TEXT.find("image:").unwrap()].matches('\n').count() + 1;
    assert_eq!(text_of(&root, "[data-testid=field-position]"), Some(format!("Line {line}, column 9")));
    assert_eq!(text_of(&root, ".crumbs").unwrap(), "StatefulSetspectemplatespeccontainers[0]image");
    assert_eq!(text_of(&root, "[data-testid=source]").as_deref(), Some("From the guide"));
    for section in ["what", "options", "why", "mistakes", "kubectl", "simulator"] {
        assert!(root.query_selector(&format!("[data-section={section}]")).unwrap().is_some(), "section {section}");
    }
    assert!(root.query_selector("[data-testid=syntax-error]").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn explain_shows_a_syntax_error_and_related_fields() {
    let root = mount_point();
    let broken = DEFAULT_TEXT.replacen("replicas: 3", "replicas: [3", 1);
    let props = explain_props(&broken, "serviceName");
    let _app = yew::Renderer::<Explain>::with_root_and_props(root.clone(), props).render();
    let position = eventually("the error position", || text_of(&root, "[data-testid=error-position]")).await;
    assert!(position.starts_with("line "), "{position}");
    assert!(!text_of(&root, "[data-testid=error-message]").unwrap().is_empty());
    // the Service still parses: its name is explained with the StatefulSet that points at it
    let root2 = mount_point();
    let props = explain_props(DEFAULT_TEXT, "serviceName");
    let _app2 = yew::Renderer::<Explain>::with_root_and_props(root2.clone(), props).render();
    let links = eventually("the related fields", || text_of(&root2, ".ex-links")).await;
    // the names are drawn as code, without the Markdown backticks
    assert!(links.contains("Service recovery-demo-headless metadata.name") && !links.contains('`'), "{links}");
    assert!(links.contains("recovery-demo-db-0.recovery-demo-headless.scenarios.svc.cluster.local"), "{links}");
}

#[wasm_bindgen_test]
async fn the_app_opens_on_the_guide_and_follows_the_user_typing() {
    gloo::utils::window()
        .local_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    let root = mount_point();
    let _app = yew::Renderer::<FullApp>::with_root(root.clone()).render();

    let textarea: HtmlTextAreaElement = eventually("the editor", || {
        root.query_selector("textarea#editor")
            .unwrap()
            .map(|e| e.unchecked_into())
    })
    .await;
    assert_eq!(textarea.value(), DEFAULT_TEXT);
    assert!(text_of(&root, "header").unwrap().contains("ordinal"));
    let title = eventually("the first field", || {
        text_of(&root, "[data-testid=field-title]")
    })
    .await;
    assert_eq!(title, "Service apiVersion");

    // Type a new replica count, with the caret left just after it, as a user would.
    let edited = DEFAULT_TEXT.replacen("replicas: 3", "replicas: 5", 1);
    let caret = edited.find("replicas: 5").unwrap() + "replicas: 5".len();
    textarea.set_value(&edited);
    textarea
        .set_selection_range(caret as u32, caret as u32)
        .unwrap();
    let init = EventInit::new();
    init.set_bubbles(true);
    textarea
        .dispatch_event(&Event::new_with_event_init_dict("input", &init).unwrap())
        .unwrap();

    eventually("the replicas field", || {
        (text_of(&root, "[data-testid=field-title]").as_deref()
            == Some("StatefulSet spec.replicas"))
        .then_some(())
    })
    .await;
    let line = edited[..edited.find("replicas: 5").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert_eq!(
        text_of(&root, "[data-testid=field-position]"),
        Some(format!("Line {line}, column 3"))
    );
    // The edit was autosaved.
    eventually("the autosave", || {
        (storage::load_text().as_deref() == Some(edited.as_str())).then_some(())
    })
    .await;
}
