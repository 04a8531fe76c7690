#pragma once

#include <QList>
#include <QPair>
#include <QString>

struct ReferentAidant;
class QWidget;

/// French texts and small helpers shared by the Espace référent's pages (docs/referent.md).
namespace ReferentText {

/// « Camille Dupont ».
QString fullName(const ReferentAidant &aidant);
/// The aidant's OTP device as the lists show it: the card's serial (« GADT00000002 (à valider) »
/// while unvalidated), « Application » (« Application (à valider) »), both, or « Aucune ».
QString deviceText(const ReferentAidant &aidant);
/// True when the aidant has a confirmed card or app (can log in).
bool hasConfirmedDevice(const ReferentAidant &aidant);
/// The last login: « 7 décembre 2026 à 14h05 », or « Jamais ».
QString lastLogin(const ReferentAidant &aidant);
/// The card dissociation reasons: (code the API takes, French label), in the order shown.
QList<QPair<QString, QString>> dissociationReasons();
/// Gives an accessible name to the buttons Qt adds inside @p root's widgets (table corners, line
/// edits' clear buttons, tab bars' scroll arrows), which an accessibility walk would find unnamed.
void nameInternalButtons(QWidget *root);

} // namespace ReferentText
