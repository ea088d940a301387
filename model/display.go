package model

import "reflect"

// ForDisplay returns a copy of v in which every exported string it
// reaches (struct fields, pointers, slices, arrays, map keys and values,
// interfaces) has been passed through CleanText, and reports whether any
// changed. Strings of a vocabulary type (Status, Kind, Currency… see
// vocabulary) go through CleanWord, so cleaning can never turn an unknown
// word into a known one. v itself is never modified: what changed is copied, what did
// not is shared. Front ends call it once where outside data enters them,
// so a field added to a type later is cleaned without anyone remembering
// to. Byte slices (raw JSON kept for round trips) are left as they are:
// nothing shows them.
func ForDisplay[T any](v T) (T, bool) {
	in := reflect.ValueOf(&v).Elem()
	out, changed := cleanValue(in)
	if !changed {
		return v, false
	}
	return out.Interface().(T), true
}

// vocabulary is a string type whose values come from a fixed list, whose
// meaning the code acts on.
type vocabulary interface{ fromVocabulary() }

func (Status) fromVocabulary()        {}
func (Kind) fromVocabulary()          {}
func (Direction) fromVocabulary()     {}
func (Currency) fromVocabulary()      {}
func (Network) fromVocabulary()       {}
func (SendState) fromVocabulary()     {}
func (WebhookStatus) fromVocabulary() {}
func (SortOrder) fromVocabulary()     {}

var vocabularyType = reflect.TypeFor[vocabulary]()

func cleanValue(v reflect.Value) (reflect.Value, bool) {
	switch v.Kind() {
	case reflect.String:
		s, clean := v.String(), CleanText
		if v.Type().Implements(vocabularyType) {
			clean = CleanWord
		}
		cleaned := clean(s)
		if cleaned == s {
			return v, false
		}
		out := reflect.New(v.Type()).Elem()
		out.SetString(cleaned)
		return out, true
	case reflect.Pointer:
		if v.IsNil() {
			return v, false
		}
		elem, changed := cleanValue(v.Elem())
		if !changed {
			return v, false
		}
		out := reflect.New(v.Type().Elem())
		out.Elem().Set(elem)
		return out, true
	case reflect.Interface:
		if v.IsNil() {
			return v, false
		}
		elem, changed := cleanValue(v.Elem())
		if !changed {
			return v, false
		}
		out := reflect.New(v.Type()).Elem()
		out.Set(elem)
		return out, true
	case reflect.Struct:
		return cleanStruct(v)
	case reflect.Slice:
		if v.IsNil() || v.Type().Elem().Kind() == reflect.Uint8 {
			return v, false
		}
		return cleanSequence(v, reflect.MakeSlice(v.Type(), v.Len(), v.Len()))
	case reflect.Array:
		return cleanSequence(v, reflect.New(v.Type()).Elem())
	case reflect.Map:
		return cleanMap(v)
	}
	return v, false
}

func cleanStruct(v reflect.Value) (reflect.Value, bool) {
	var out reflect.Value
	for i := range v.NumField() {
		if !v.Type().Field(i).IsExported() {
			continue
		}
		f, changed := cleanValue(v.Field(i))
		if !changed {
			continue
		}
		if !out.IsValid() {
			out = reflect.New(v.Type()).Elem()
			out.Set(v) // unexported fields come along unchanged
		}
		out.Field(i).Set(f)
	}
	if !out.IsValid() {
		return v, false
	}
	return out, true
}

// cleanSequence fills out (a fresh slice or array of v's length) with the
// cleaned elements of v, if any changed.
func cleanSequence(v, out reflect.Value) (reflect.Value, bool) {
	dirty := false
	for i := range v.Len() {
		e, changed := cleanValue(v.Index(i))
		out.Index(i).Set(e)
		dirty = dirty || changed
	}
	if !dirty {
		return v, false
	}
	return out, true
}

func cleanMap(v reflect.Value) (reflect.Value, bool) {
	if v.IsNil() {
		return v, false
	}
	out := reflect.MakeMapWithSize(v.Type(), v.Len())
	dirty := false
	for it := v.MapRange(); it.Next(); {
		k, kc := cleanValue(it.Key())
		e, ec := cleanValue(it.Value())
		out.SetMapIndex(k, e)
		dirty = dirty || kc || ec
	}
	if !dirty {
		return v, false
	}
	return out, true
}
