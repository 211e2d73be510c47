// Posts a server-rendered form (with its antiforgery token) after setting one field, for choices that reload the page.
export function submitWith(form, name, value) {
    form.elements[name].value = value;
    form.submit();
}
