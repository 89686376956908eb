//! The texts the first module does not carry ([`ordinal_core::library`]: the upstream
//! descriptions and the rules' explanations): fetched once the editor shows, from the file
//! `index.html` names as `<link rel="ordinal-library">` (the service worker precaches it with
//! the page, so it works offline). The second module has them compiled in
//! ([`ordinal_core::library::install_compiled`], called before it mounts).

use wasm_bindgen::JsCast;

use crate::dom::describe;
use yew::prelude::*;

/// Where the texts stand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Texts {
    /// Being fetched.
    Loading,
    /// Available.
    Loaded,
    /// They could not be fetched, and why.
    Failed(String),
}

impl Texts {
    /// `loading`, `loaded` or `failed`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Texts::Loading => "loading",
            Texts::Loaded => "loaded",
            Texts::Failed(_) => "failed",
        }
    }
}

/// The texts' status, and a callback that tries again after a failure.
#[derive(Clone, PartialEq)]
pub struct TextsHandle {
    /// Where they stand.
    pub status: Texts,
    /// Fetches them again.
    pub retry: Callback<()>,
}

impl Default for TextsHandle {
    /// As they stand now, with nothing to try again.
    fn default() -> Self {
        let status = if ordinal_core::library::loaded() { Texts::Loaded } else { Texts::Loading };
        TextsHandle { status, retry: Callback::noop() }
    }
}

/// Fetches the texts after the first render, unless they are already there.
#[hook]
pub fn use_texts() -> TextsHandle {
    let status = use_state_eq(|| if ordinal_core::library::loaded() { Texts::Loaded } else { Texts::Loading });
    let attempt = use_state_eq(|| 0u32);
    {
        let status = status.setter();
        use_effect_with(*attempt, move |_| {
            if !ordinal_core::library::loaded() {
                status.set(Texts::Loading);
                wasm_bindgen_futures::spawn_local(async move {
                    let outcome = fetch().await.and_then(|text| ordinal_core::library::install(text).map_err(|e| e.to_string()));
                    status.set(match outcome {
                        Ok(()) => Texts::Loaded,
                        Err(why) => Texts::Failed(why),
                    });
                });
            }
        });
    }
    let retry = Callback::from(move |()| attempt.set(*attempt + 1));
    TextsHandle { status: (*status).clone(), retry }
}

async fn fetch() -> Result<String, String> {
    let href = gloo::utils::document()
        .query_selector("link[rel=\"ordinal-library\"]")
        .ok()
        .flatten()
        .and_then(|link| link.get_attribute("href"))
        .ok_or("the page names no file of texts")?;
    let response = wasm_bindgen_futures::JsFuture::from(gloo::utils::window().fetch_with_str(&href)).await.map_err(describe)?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "the fetch returned no response".to_owned())?;
    if !response.ok() {
        return Err(format!("the server answered {} for {href}", response.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(describe)?).await.map_err(describe)?;
    text.as_string().ok_or_else(|| "the texts are not text".to_owned())
}

/// What a panel shows in place of a text that is not there yet: that it is loading, or why it
/// could not be, with a button to try again.
pub fn pending(handle: &TextsHandle, what: &str) -> Html {
    match &handle.status {
        Texts::Loaded => Html::default(),
        Texts::Loading => html! { <p class="texts-pending" role="status">{ format!("Loading {what}…") }</p> },
        Texts::Failed(why) => {
            let onclick = handle.retry.reform(|_: MouseEvent| ());
            html! {
                <p class="texts-pending" role="alert">
                    { format!("{} could not be loaded ({why}). ", crate::text::capitalise(what)) }
                    <button type="button" class="linklike" {onclick}>{ "Try again" }</button>
                </p>
            }
        }
    }
}
