//! Component tests in a real browser: `wasm-bindgen-test` in headless Chromium, through
//! chromedriver (`make test-wasm`). Each test mounts a real Yew component into a fresh `<div>`
//! and reads the DOM it rendered.

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use ordinal_web::app::{App, DEFAULT_TEXT};
use ordinal_web::components::explain::{Explain, ExplainProps};
use ordinal_web::state::{ErrorView, FieldView};
use ordinal_web::storage;
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

fn image_field() -> FieldView {
    FieldView {
        kind: Some("StatefulSet".into()),
        api_version: Some("apps/v1".into()),
        path: "spec.template.spec.containers[0].image".into(),
        line: 33,
        column: 9,
    }
}

#[wasm_bindgen_test]
async fn explain_shows_the_kind_path_and_position_of_the_field() {
    let root = mount_point();
    let props = ExplainProps {
        field: Some(image_field()),
        error: None,
        stale: false,
        documents: vec![],
    };
    let _app = yew::Renderer::<Explain>::with_root_and_props(root.clone(), props).render();

    let title = eventually("the field title", || {
        text_of(&root, "[data-testid=field-title]")
    })
    .await;
    assert_eq!(title, "StatefulSet spec.template.spec.containers[0].image");
    assert_eq!(
        text_of(&root, "[data-testid=field-position]").as_deref(),
        Some("Line 33, column 9")
    );
    assert!(root
        .query_selector("[data-testid=syntax-error]")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn explain_shows_a_syntax_error_beside_the_last_good_field() {
    let root = mount_point();
    let props = ExplainProps {
        field: Some(image_field()),
        error: Some(ErrorView {
            message: "did not find expected ',' or ']'".into(),
            line: 22,
            column: 3,
        }),
        stale: true,
        documents: vec![Some("Service".into()), Some("StatefulSet".into())],
    };
    let _app = yew::Renderer::<Explain>::with_root_and_props(root.clone(), props).render();

    let position = eventually("the error position", || {
        text_of(&root, "[data-testid=error-position]")
    })
    .await;
    assert_eq!(position, "line 22, column 3");
    assert_eq!(
        text_of(&root, "[data-testid=error-message]").as_deref(),
        Some("did not find expected ',' or ']'")
    );
    let field = root
        .query_selector("[data-testid=field]")
        .unwrap()
        .expect("the last good field stays");
    assert!(field.class_list().contains("is-stale"));
    assert!(text_of(&root, ".documents")
        .unwrap()
        .contains("Document 2: StatefulSet"));
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
    let _app = yew::Renderer::<App>::with_root(root.clone()).render();

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
