/// The API's OpenAPI 3.0 document, written by hand next to `APIRoutes.swift`; the schemathesis
/// test (tests/web/test_api_schema.py) checks every route against it.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.0.3",
  "info": {"title": "langplan", "version": "1.0.0",
           "description": "Scenarios, runs and results of langplan, the foreign-language training planner (Decision 1659/QĐ-TTg)."},
  "servers": [{"url": "/"}],
  "security": [{"basic": []}],
  "components": {
    "securitySchemes": {"basic": {"type": "http", "scheme": "basic"}},
    "schemas": {
      "Error": {"type": "object", "properties": {"error": {"type": "object", "properties": {"message": {"type": "string"}}}}},
      "Issue": {"type": "object", "required": ["line", "column", "path", "message"], "properties": {
        "line": {"type": "integer"}, "column": {"type": "integer"}, "cell": {"type": "string", "nullable": true},
        "path": {"type": "string"}, "message": {"type": "string"}}},
      "Scenario": {"type": "object", "required": ["id", "name", "version", "issues"], "properties": {
        "id": {"type": "integer"}, "name": {"type": "string"}, "version": {"type": "integer"},
        "issues": {"type": "array", "items": {"$ref": "#/components/schemas/Issue"}},
        "summary": {"type": "string", "nullable": true}, "text": {"type": "string", "nullable": true}}},
      "RunRequest": {"type": "object", "required": ["kind"], "properties": {
        "kind": {"type": "string", "enum": ["plan", "size-budget", "sweep", "timetable", "replan"]},
        "timeLimit": {"type": "number", "minimum": 1, "maximum": 3600},
        "lang": {"type": "string", "enum": ["vi", "en"]},
        "planRun": {"type": "string", "description": "a finished plan run of the same scenario (timetable, replan)"}}},
      "Run": {"type": "object", "required": ["id", "scenarioId", "kind", "status", "progress", "createdAt"], "properties": {
        "id": {"type": "string"}, "scenarioId": {"type": "integer"}, "kind": {"type": "string"},
        "status": {"type": "string", "enum": ["queued", "running", "done", "failed", "cancelled", "interrupted"]},
        "progress": {"type": "string"}, "gap": {"type": "string", "nullable": true},
        "createdAt": {"type": "string", "format": "date-time"}, "startedAt": {"type": "string", "format": "date-time", "nullable": true},
        "finishedAt": {"type": "string", "format": "date-time", "nullable": true},
        "files": {"type": "array", "items": {"type": "string"}, "nullable": true}}}
    },
    "responses": {
      "Unauthorized": {"description": "not signed in", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Forbidden": {"description": "the role may not do this", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "no such object, or not the caller's", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    }
  },
  "paths": {
    "/api/scenarios": {
      "get": {"summary": "List scenarios", "operationId": "listScenarios", "responses": {
        "200": {"description": "scenarios", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Scenario"}}}}},
        "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}}},
      "post": {"summary": "Upload a scenario (YAML text or .xlsx workbook as the body)", "operationId": "createScenario",
        "parameters": [{"name": "name", "in": "query", "schema": {"type": "string", "maxLength": 100}}],
        "requestBody": {"required": true, "content": {"application/yaml": {"schema": {"type": "string"}},
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"schema": {"type": "string", "format": "binary"}}}},
        "responses": {
          "201": {"description": "created (issues, if any, listed)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Scenario"}}}},
          "400": {"description": "empty body", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "413": {"description": "larger than 8 MB"},
          "422": {"description": "a workbook with problems, each by sheet and cell; nothing stored", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
    },
    "/api/scenarios/{id}": {
      "get": {"summary": "A scenario's latest version: text, issues, summary", "operationId": "getScenario",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "responses": {"200": {"description": "the scenario", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Scenario"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}}}
    },
    "/api/scenarios/{id}/runs": {
      "post": {"summary": "Queue a run of the scenario's latest version", "operationId": "startRun",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
        "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RunRequest"}}}},
        "responses": {"202": {"description": "queued", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Run"}}}},
          "400": {"description": "bad request", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"},
          "422": {"description": "the scenario has issues, or a needed plan run or survey is missing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
    },
    "/api/runs": {
      "get": {"summary": "List runs, newest first", "operationId": "listRuns", "responses": {
        "200": {"description": "runs", "content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Run"}}}}},
        "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}}}
    },
    "/api/runs/{run}": {
      "get": {"summary": "A run, with its files when finished", "operationId": "getRun",
        "parameters": [{"name": "run", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "the run", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Run"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"}, "404": {"$ref": "#/components/responses/NotFound"}}}
    },
    "/api/runs/{run}/cancel": {
      "post": {"summary": "Cancel a queued or running run", "operationId": "cancelRun",
        "parameters": [{"name": "run", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "the run", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Run"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"},
          "404": {"$ref": "#/components/responses/NotFound"}}}
    },
    "/api/runs/{run}/files/{path}": {
      "get": {"summary": "One result file (path relative to the run's output, e.g. plan.xlsx)", "operationId": "getRunFile",
        "parameters": [{"name": "run", "in": "path", "required": true, "schema": {"type": "string"}},
                       {"name": "path", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "the file", "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
          "401": {"$ref": "#/components/responses/Unauthorized"}, "404": {"$ref": "#/components/responses/NotFound"}}}
    }
  }
}
"""#
}
