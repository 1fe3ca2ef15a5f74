// Timetable module
