//! Accessible tabs (WAI-ARIA tabs pattern): a tab list whose arrow keys move between tabs, and
//! one panel. The side panel uses them; a new view (a cluster simulator, …) is one more tab.

use yew::prelude::*;

/// One tab: id, label, and an optional count shown after the label.
#[derive(Clone, Debug, PartialEq)]
pub struct TabSpec {
    /// Stable id (`explain`); the tab is `tab-{id}`, its panel `panel-{id}`.
    pub id: &'static str,
    /// The label.
    pub label: &'static str,
    /// A count (findings), if any.
    pub count: Option<usize>,
}

/// The tabs' properties.
#[derive(Properties, PartialEq)]
pub struct TabsProps {
    /// The tabs, in order.
    pub tabs: Vec<TabSpec>,
    /// The selected tab's id.
    pub selected: &'static str,
    /// Called with a tab's id when the user selects it.
    pub on_select: Callback<&'static str>,
    /// The selected tab's panel.
    #[prop_or_default]
    pub children: Html,
}

/// A tab list and the selected tab's panel.
#[function_component]
pub fn Tabs(props: &TabsProps) -> Html {
    let list = use_node_ref();
    let ids: Vec<&'static str> = props.tabs.iter().map(|t| t.id).collect();
    let onkeydown = {
        let on_select = props.on_select.clone();
        let selected = props.selected;
        let list = list.clone();
        Callback::from(move |e: KeyboardEvent| {
            let i = ids.iter().position(|id| *id == selected).unwrap_or(0);
            let n = ids.len();
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => (i + 1) % n,
                "ArrowLeft" | "ArrowUp" => (i + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            on_select.emit(ids[next]);
            if let Some(root) = list.cast::<web_sys::Element>() {
                if let Ok(Some(tab)) = root.query_selector(&format!("#tab-{}", ids[next])) {
                    if let Ok(tab) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(tab) {
                        let _ = tab.focus();
                    }
                }
            }
        })
    };
    let tabs = props.tabs.iter().map(|t| {
        let selected = t.id == props.selected;
        let id = t.id;
        let onclick = props.on_select.reform(move |_: MouseEvent| id);
        html! {
            <button
                type="button"
                role="tab"
                id={format!("tab-{}", t.id)}
                class={classes!("tab", selected.then_some("is-selected"))}
                aria-selected={selected.to_string()}
                aria-controls={format!("panel-{}", t.id)}
                tabindex={if selected { "0" } else { "-1" }}
                {onclick}
            >
                { t.label }
                if let Some(n) = t.count { <span class="tab-count">{ n }</span> }
            </button>
        }
    });
    html! {
        <>
            <div class="tabs" role="tablist" aria-label="Side panel" ref={list} {onkeydown}>{ for tabs }</div>
            <div
                class="tab-panel"
                role="tabpanel"
                id={format!("panel-{}", props.selected)}
                aria-labelledby={format!("tab-{}", props.selected)}
                tabindex="0"
            >
                { props.children.clone() }
            </div>
        </>
    }
}
