"""Connection scheduling: waves, each unit's connection with its states, checklist and go-live
date, the scheduler, calendars and the timeline; and "joined", the one rule of who may use the
service on a day (agreement in force and unit live: `scheduling.joined`). Built on the
registry, surveys and agreements."""
