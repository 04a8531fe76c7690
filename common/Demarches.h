#pragma once

#include <QList>
#include <QString>
#include <QStringList>

/// One of the ten categories of démarches a mandat covers (reference/aidants-connect.md).
struct Demarche
{
    QString code;
    QString title;
    QString description;
    QString examples;
};

namespace Demarches {
/// The catalogue, in the order users know it.
const QList<Demarche> &all();
QStringList allCodes();
bool isKnown(const QString &code);
const Demarche *find(const QString &code);
} // namespace Demarches
