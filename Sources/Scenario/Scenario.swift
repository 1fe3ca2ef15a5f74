// Scenario module
