//! The browser glue (wasm32 only), through web-sys: local storage, downloads, the page's
//! address, the clock, and the page's dataset. Only [`super`] calls it.

use wasm_bindgen::{JsCast, JsValue};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load_text(key: &str) -> Option<String> {
    storage()?.get_item(key).ok()?
}

pub fn save_text(key: &str, value: &str) -> Result<(), String> {
    let storage = storage().ok_or("this browser keeps no local storage")?;
    storage
        .set_item(key, value)
        .map_err(|e| format!("the browser refused to store it ({e:?})"))
}

pub fn remove_text(key: &str) -> Result<(), String> {
    let storage = storage().ok_or("this browser keeps no local storage")?;
    storage
        .remove_item(key)
        .map_err(|e| format!("the browser refused to forget it ({e:?})"))
}

/// Every stored key that starts with `prefix`, in order.
pub fn keys_with_prefix(prefix: &str) -> Vec<String> {
    let Some(storage) = storage() else {
        return Vec::new();
    };
    let count = storage.length().unwrap_or(0);
    let mut keys: Vec<String> = (0..count)
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect();
    keys.sort();
    keys
}

/// A parameter of the page's address: `?level=01-first-crossing`.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// The page's address without its query or fragment.
pub fn page_address() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!(
        "{}{}",
        location.origin().ok()?,
        location.pathname().ok()?
    ))
}

/// Offers `text` to the player as a downloaded file.
pub fn download(file_name: &str, text: &str) -> Result<(), String> {
    let fail = |e: JsValue| format!("the download failed ({e:?})");
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| "no anchor element".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Seconds since 1970 from the browser's clock (`SystemTime` does not exist here).
pub fn now_seconds() -> f64 {
    js_sys::Date::now() / 1000.0
}

/// Sets `document.body.dataset[key] = value` for each pair.
pub fn set_page_data(pairs: &[(&str, &str)]) {
    let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    else {
        return;
    };
    let dataset = body.dataset();
    for (key, value) in pairs {
        let _ = dataset.set(key, value);
    }
}

pub fn prefers_reduced_motion() -> bool {
    matches_media("(prefers-reduced-motion: reduce)")
}

/// Whether a CSS media query holds for the page.
pub fn matches_media(query: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.match_media(query).ok().flatten())
        .is_some_and(|m| m.matches())
}

pub fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no browser window")?;
    // The promise settles later; a refusal (no permission, page not focused) is rare enough
    // that the page's own message is not waited for.
    let _ = window.navigator().clipboard().write_text(text);
    Ok(())
}

pub fn ask_text(question: &str) -> Result<Option<String>, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    window
        .prompt_with_message(question)
        .map_err(|e| format!("the browser would not ask ({e:?})"))
}

/// The game's canvas (`#game`): its size in CSS pixels and the page's devicePixelRatio.
pub fn page_canvas() -> Option<super::PageCanvas> {
    let window = web_sys::window()?;
    let canvas = window.document()?.get_element_by_id("game")?;
    let css_size =
        bevy::math::Vec2::new(canvas.client_width() as f32, canvas.client_height() as f32);
    Some(super::PageCanvas {
        css_size,
        ratio: window.device_pixel_ratio() as f32,
    })
}
