from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "onboarding.api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token-based authentication: `Token <key>`.",
        }


# The error answers of onboarding.api.exceptions, which any operation may give: documented
# once here, for every operation, instead of on each view.
ERROR_RESPONSES = {
    "400": "The input was refused: a message per field, or {'detail': ...}.",
    "401": "No valid token or session.",
    "403": "The user's role may not do this.",
    "404": "No such object, or not the user's to see.",
    "405": "The method is not allowed here.",
    "409": "Not possible in the current state; the detail says why.",
    "429": "Too many requests; try again later.",
}


def document_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents the error answers it
    may give, as `{"detail": "..."}` (400 also as messages per field)."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ErrorDetail"] = {
        "type": "object",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    }
    schemas["InputErrors"] = {
        "type": "object",
        "description": "Messages per field, or a detail.",
        "additionalProperties": True,
    }
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                schema = "InputErrors" if code == "400" else "ErrorDetail"
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": f"#/components/schemas/{schema}"}
                            }
                        },
                    },
                )
    return result
