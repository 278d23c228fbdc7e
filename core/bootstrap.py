"""How django-bootstrap5 marks fields (settings.BOOTSTRAP5 names this renderer): a field in error gets
`is-invalid`, and no field gets the green `is-valid` tick merely because the form was sent back; an empty
optional field left alone after a failed submit is not "valid", it is untouched. Required fields carry the
`required` class on their wrapper (settings.BOOTSTRAP5) that static/css/app.css marks with an asterisk."""

from django_bootstrap5.renderers import FieldRenderer as BootstrapFieldRenderer


class FieldRenderer(BootstrapFieldRenderer):
    def get_server_side_validation_classes(self):
        return "is-invalid" if self.field_errors else ""
