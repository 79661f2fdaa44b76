//! A draft as JSON: written from the field tables (`shared::wire`), read back through the
//! browser's own JSON parser and the same tables, so no Rust JSON decoder ships to the
//! applicant. What a draft from an older form needs is `shared::draft`'s.

use js_sys::{Array, JSON, Object, Reflect};
use shared::draft::{FORMAT, migrate};
use shared::fields::StandardField;
use shared::model::{PlanRow, StandardRow};
use shared::{Application, Field, Kind, Program, RowField, SCHEMA_VERSION};
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone)]
pub struct Draft {
    pub app: Application,
    /// What was typed into count boxes, numbers or not.
    pub counts: Vec<(Field, String)>,
    /// When it was saved, in milliseconds since the epoch.
    pub saved_at: f64,
    /// What the applicant should be told about it: a conversion, content left out.
    pub notes: Vec<String>,
}

/// "2026-11-23 10:05", Beijing time.
pub fn when(ms: f64) -> String {
    let seconds = (ms / 1000.0) as i64;
    let minutes = (seconds + 8 * 3600).rem_euclid(86_400) / 60;
    let day = shared::Date::in_shanghai(seconds);
    format!("{day} {:02}:{:02}", minutes / 60, minutes % 60)
}

fn get(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

/// What the autosave compares, to write only when something changed: the answers, not the
/// call (which the server tells the form after it opens).
pub fn content(app: &Application, counts: &[(Field, String)]) -> String {
    let mut answers = app.clone();
    answers.call.clear();
    let mut out = shared::wire::to_json(&answers);
    for (field, raw) in counts {
        out.push_str(field.path());
        out.push('\u{0}');
        out.push_str(raw);
    }
    out
}

pub fn write(app: &Application, counts: &[(Field, String)], saved_at: f64) -> String {
    let draft = Object::new();
    set(&draft, "format", &FORMAT.into());
    set(&draft, "schema_version", &SCHEMA_VERSION.into());
    set(&draft, "program", &app.program.as_str().into());
    set(&draft, "saved_at", &saved_at.into());
    let application = JSON::parse(&shared::wire::to_json(app)).unwrap_or(JsValue::NULL);
    set(&draft, "application", &application);
    let typed = Object::new();
    for (field, raw) in counts {
        set(&typed, field.path(), &raw.as_str().into());
    }
    set(&draft, "typed", &typed);
    JSON::stringify_with_replacer_and_space(&draft, &JsValue::NULL, &2.into())
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default()
}

/// Reads values, counting those it takes, so that what it could not place can be told.
#[derive(Default)]
struct Reader {
    taken: u32,
}

/// A value of the wrong type at this path: the file is damaged (or not ours).
type Damaged = String;

impl Reader {
    fn take<T>(
        &mut self,
        v: &JsValue,
        path: &str,
        read: impl Fn(&JsValue) -> Option<T>,
    ) -> Result<Option<T>, Damaged> {
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        let value = read(v).ok_or_else(|| path.to_owned())?;
        self.taken += 1;
        Ok(Some(value))
    }

    fn text(&mut self, v: &JsValue, path: &str) -> Result<String, Damaged> {
        Ok(self.take(v, path, JsValue::as_string)?.unwrap_or_default())
    }

    /// The items of a list (none when it is missing).
    fn items(v: &JsValue, path: &str) -> Result<Vec<JsValue>, Damaged> {
        if v.is_undefined() || v.is_null() {
            return Ok(Vec::new());
        }
        let array = v.dyn_ref::<Array>().ok_or_else(|| path.to_owned())?;
        Ok(array.iter().collect())
    }

    fn field(
        &mut self,
        app: &mut Application,
        from: &JsValue,
        field: Field,
    ) -> Result<(), Damaged> {
        let path = field.path();
        let v = path
            .split('.')
            .fold(from.clone(), |node, key| get(&node, key));
        if let Some(slot) = field.text_mut(app) {
            *slot = self.text(&v, path)?;
        } else if let Some(slot) = field.count_mut(app) {
            let whole = |v: &JsValue| {
                v.as_f64()
                    .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
            };
            *slot = self.take(&v, path, whole)?.map(|n| n as u32);
        } else if let Some(slot) = field.flag_mut(app) {
            *slot = self.take(&v, path, JsValue::as_bool)?;
        }
        Ok(())
    }

    fn plan_row(&mut self, v: &JsValue, i: usize) -> Result<PlanRow, Damaged> {
        let mut row = PlanRow::default();
        for &cell in RowField::ALL {
            *cell.get_mut(&mut row) = self.text(&get(v, cell.key()), &cell.path(i))?;
        }
        let path = format!("plan.{i}.covers");
        for kind in Self::items(&get(v, "covers"), &path)? {
            row.covers.push(self.text(&kind, &path)?);
        }
        Ok(row)
    }

    fn standard(&mut self, v: &JsValue, i: usize) -> Result<StandardRow, Damaged> {
        let mut row = StandardRow::default();
        for &cell in StandardField::ALL {
            *cell.get_mut(&mut row) = self.text(&get(v, cell.key()), &cell.path(i))?;
        }
        Ok(row)
    }

    fn application(&mut self, v: &JsValue) -> Result<Application, Damaged> {
        let mut app = Application {
            program: self.text(&get(v, "program"), "program")?,
            call: self.text(&get(v, "call"), "call")?,
            ..Application::default()
        };
        for &field in Field::ALL {
            self.field(&mut app, v, field)?;
        }
        for (i, row) in Self::items(&get(v, "plan"), "plan")?.iter().enumerate() {
            app.plan.push(self.plan_row(row, i)?);
        }
        for (i, row) in Self::items(&get(v, "standards"), "standards")?
            .iter()
            .enumerate()
        {
            app.standards.push(self.standard(row, i)?);
        }
        let units = get(v, "units");
        app.units.receiving = self.text(&get(&units, "receiving"), "units.receiving")?;
        let names = Self::items(&get(&units, "participants"), "units.participants")?;
        for (i, name) in names.iter().enumerate() {
            let name = self.text(name, &format!("units.participants.{i}"))?;
            app.units.participants.push(name);
        }
        let declarations = get(v, "declarations");
        if let Some(object) = declarations.dyn_ref::<Object>() {
            for key in Object::keys(object).iter().filter_map(|k| k.as_string()) {
                let path = format!("declarations.{key}");
                if let Some(yes) = self.take(&get(&declarations, &key), &path, JsValue::as_bool)? {
                    app.declarations.insert(key, yes);
                }
            }
        }
        let consent = self.take(
            &get(v, "privacy_consent"),
            "privacy_consent",
            JsValue::as_bool,
        )?;
        app.privacy_consent = consent.unwrap_or(false);
        Ok(app)
    }
}

/// An application as the server stores it (and gives it back to be corrected).
pub fn application(v: &JsValue) -> Option<Application> {
    Reader::default().application(v).ok()
}

/// How many values (strings, numbers, booleans) a JSON value holds.
fn leaves(v: &JsValue) -> u32 {
    if let Some(array) = v.dyn_ref::<Array>() {
        array.iter().map(|item| leaves(&item)).sum()
    } else if let Some(object) = v.dyn_ref::<Object>() {
        Object::values(object)
            .iter()
            .map(|item| leaves(&item))
            .sum()
    } else {
        u32::from(!v.is_undefined() && !v.is_null())
    }
}

const UNCHANGED: &str = "表格未作任何改动。";

/// Reads a draft of `program`; `Err` says, in words for the applicant, why this is not one.
pub fn read(text: &str, program: &Program) -> Result<Draft, String> {
    let root = JSON::parse(text)
        .map_err(|_| format!("这个文件不是申报草稿（无法按 JSON 读取）。{UNCHANGED}"))?;
    if get(&root, "format").as_string().as_deref() != Some(FORMAT) {
        return Err(format!("这个文件不是本系统保存的申报草稿。{UNCHANGED}"));
    }
    let of = get(&root, "program").as_string().unwrap_or_default();
    if of != program.id {
        let title = crate::program::title(&of).unwrap_or(of);
        return Err(format!(
            "这是“{title}”的草稿，不能在“{}”的表格中打开。{UNCHANGED}",
            program.title
        ));
    }
    let damaged = |at: &str| format!("草稿文件已损坏（{at}），无法读取。{UNCHANGED}");
    let version = get(&root, "schema_version")
        .as_f64()
        .filter(|v| v.fract() == 0.0 && *v >= 1.0);
    let version = version.ok_or_else(|| damaged("schema_version"))?;
    let saved_at = get(&root, "saved_at")
        .as_f64()
        .ok_or_else(|| damaged("saved_at"))?;
    let application = get(&root, "application");
    let mut reader = Reader::default();
    let mut app = reader
        .application(&application)
        .map_err(|at| damaged(&at))?;
    if app.program != program.id {
        return Err(damaged("application.program"));
    }
    let mut notes = Vec::new();
    let left = leaves(&application).saturating_sub(reader.taken);
    if left > 0 {
        notes.push(format!(
            "草稿中有 {left} 项内容在现行表格中没有对应的栏目，未载入。"
        ));
    }
    notes.extend(
        migrate(&mut app, program, version.min(f64::from(u32::MAX)) as u32)
            .map_err(|e| format!("{e}{UNCHANGED}"))?,
    );
    let typed = get(&root, "typed");
    let counts = Field::ALL
        .iter()
        .filter(|f| f.kind() == Kind::Count)
        .filter_map(|&f| get(&typed, f.path()).as_string().map(|raw| (f, raw)))
        .collect();
    Ok(Draft {
        app,
        counts,
        saved_at,
        notes,
    })
}
